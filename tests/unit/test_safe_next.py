"""The one check for every `next`: only paths on this site, whatever encoding or look-alike is tried."""

import pytest

from gjestebud.security import safe_next

BYPASSES = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
    "/%09/evil.example", "/\t/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example",
    "/%5cevil.example", "/%5Cevil.example", "/%2f/evil.example", "/%2F%2Fevil.example",
    "/%252f/evil.example", "/%25252f/evil.example", "/%255cevil.example",
    "https:evil.example", "https://evil.example", "http:/evil.example", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "data:text/html,x", "evil.example", "", "\r\n", "/x\r\nSet-Cookie: a=b",
    "/x\nLocation: //evil.example", "/ /evil.example", "/\x00/evil.example", "/%00", "/x\x7f",
    "/\u3000/evil.example", "/\u2028/evil.example", "/\u2029x", "/\u200b/evil.example", "/x\u202e",
    "/%E2%80%AE/x", "/%E3%80%80/evil.example", "/\uff0f/evil.example", "/\uff3cevil.example",
    "/\ufe68evil.example", "/%EF%BC%8F/evil.example", "/%ff", "/%c0%af/evil.example", "/x" * 1001,
    " /staff/", "/staff/ ", "/staff/\t", None, 42, ["/staff/"],
]

ALLOWED = ["/", "/staff/", "/staff/outbox?page=2", "/a//b", "/staff/topics/3/measures?q=Sj%C3%B8vegan",
           "/salangen/sjovegan-sentrum", "/staff/topics/1#measure-4", "/staff/planner?q=Sjøvegan"]


@pytest.mark.parametrize("target", BYPASSES, ids=repr)
def test_bypasses_are_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ALLOWED)
def test_paths_on_this_site_are_kept_as_they_are(target):
    assert safe_next(target) == target
