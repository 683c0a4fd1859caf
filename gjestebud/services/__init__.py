"""Use cases. Each write takes plain arguments, commits, logs who did what and queues any mail."""
