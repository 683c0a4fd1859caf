"""Planners: the submitted lines, and the measures workspace (tiltak) where the merging is corrected.

Every view loads its topic through `topic_for_staff`, so another municipality's ids answer 404; measures and
corrections are then looked up inside that topic only. Writes go through services.measures.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask import session as browser_session
from flask.typing import ResponseReturnValue
from wtforms import SelectChoice

from ..access import READERS, get_or_404, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _, _l, ngettext
from ..labels import HIDE_REASON
from ..markdown import render_markdown
from ..models import Measure, QuestionKind, Topic
from ..services import measure_picker
from ..services import measures as service
from ..services import review as review_service
from ..services.suggestions import lines_by_question, topic_counts
from . import bp
from .forms import (
    ConfirmRunForm,
    DecisionForm,
    LineActionsForm,
    MeasureFilterForm,
    MergeForm,
    RenameForm,
    ReviewAnswerForm,
)

# Lines shown per measure in the list; the measure's own page shows them all.
LINES_IN_LIST = 8
# A measure's page: similar measures offered for merging, and the longest search for the Move list.
SIMILAR_SHOWN = 5
MAX_QUERY = 200

CORRECTION_KINDS = {
    "merge": _l("Merged measures"),
    "split": _l("Split lines into a new measure"),
    "move": _l("Moved lines"),
    "hide": _l("Hid lines"),
    "rename": _l("Renamed"),
    "decide": _l("Set status and answer"),
    "confirm": _l("Confirmed the title"),
    "review": _l("Answered a review question"),
}


@bp.route("/topics/<int:topic_id>/suggestions")
@roles_required(*READERS)
def suggestions(topic_id: int) -> ResponseReturnValue:
    """Every submitted line, grouped by question; the group is shown as its number, never the host."""
    topic = topic_for_staff(topic_id)
    session = get_session()
    return render_template("planner/suggestions.html", topic=topic, counts=topic_counts(session, topic),
                           groups=lines_by_question(session, topic))


# The list ------------------------------------------------------------------------------------------------


def _question_numbers(topic: Topic) -> dict[int, int]:
    return {question.id: number for number, question in enumerate(topic.questions, 1)}


def _filter_form(topic: Topic) -> MeasureFilterForm:
    questions = [SelectChoice(str(q.id), _("Question %(number)s: %(text)s", number=n, text=q.text))
                 for n, q in enumerate(topic.questions, 1)]
    form = MeasureFilterForm(formdata=request.args, questions=questions, areas=list(topic.areas or []))
    form.validate()
    return form


# Headings of the workspace's tabs: proposals are measures to decide on, the other kinds ranked themes.
KIND_TABS = {
    QuestionKind.PROPOSALS: _l("Measures"),
    QuestionKind.STRENGTHS: _l("What you appreciate"),
    QuestionKind.CONTRIBUTIONS: _l("What residents can contribute"),
    QuestionKind.OPEN: _l("Other input"),
}


def _kind_arg() -> QuestionKind:
    try:
        return QuestionKind(request.args.get("kind", QuestionKind.PROPOSALS.value))
    except ValueError:
        return QuestionKind.PROPOSALS


def _render_measures(topic: Topic, merge_form: MergeForm | None = None) -> str:
    session = get_session()
    filters = _filter_form(topic)
    kind = _kind_arg()
    page = service.measure_page(
        session, topic, query="" if filters.q.errors else (filters.q.data or ""),
        question_id=filters.question_id(), area=None if filters.area.errors else (filters.area.data or None),
        page=request.args.get("page", 1, type=int) or 1, lines_per_measure=LINES_IN_LIST, kind=kind)
    args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("planner/measures.html", topic=topic, filters=filters, page=page, args=args,
                           status=service.run_status(session, topic), merge_form=merge_form or MergeForm(),
                           to_confirm=service.titles_to_confirm(session, topic), kind=kind,
                           kind_counts=service.kind_counts(session, topic), kind_tabs=KIND_TABS,
                           button_form=EmptyForm(), question_numbers=_question_numbers(topic))


@bp.route("/topics/<int:topic_id>/measures")
@roles_required(*READERS)
def measures(topic_id: int) -> ResponseReturnValue:
    """The consolidated measures, most support first, with the groups' own words."""
    return _render_measures(topic_for_staff(topic_id))


@bp.route("/topics/<int:topic_id>/measures/consolidate", methods=["POST"])
@roles_required(*READERS)
def consolidate(topic_id: int) -> ResponseReturnValue:
    """The first run starts at once; a re-run only with the fingerprint of a dry run the planner confirmed."""
    topic = topic_for_staff(topic_id)
    session = get_session()
    form = ConfirmRunForm()
    if form.validate_on_submit():
        expected = form.fingerprint.data or None
        if expected is None and service.has_measures(session, topic):
            return redirect(url_for("planner.consolidate_preview", topic_id=topic.id))
        try:
            run = service.run_consolidation(session, topic, staff_user(), expected=expected)
        except service.PreviewOutdated as exc:
            flash(str(exc), "error")
            return redirect(url_for("planner.consolidate_preview", topic_id=topic.id))
        except service.RunInProgress as exc:
            flash(str(exc), "error")
        else:
            if run.status == "done":
                flash(ngettext("%(num)s line was consolidated into %(measures)s.",
                               "%(num)s lines were consolidated into %(measures)s.", run.lines,
                               measures=ngettext("%(num)s measure", "%(num)s measures", run.measures)),
                      "success")
            else:
                flash(_("Consolidation failed and nothing was changed. Please try again later."), "error")
    return redirect(url_for("planner.measures", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/measures/consolidate/preview")
@roles_required(*READERS)
def consolidate_preview(topic_id: int) -> ResponseReturnValue:
    """A dry run: what consolidating again would change, with the button that confirms it."""
    topic = topic_for_staff(topic_id)
    preview = service.preview_consolidation(get_session(), topic)
    return render_template("planner/consolidate_preview.html", topic=topic, preview=preview,
                           form=ConfirmRunForm(formdata=None, fingerprint=preview.fingerprint))


@bp.route("/topics/<int:topic_id>/measures/merge", methods=["POST"])
@roles_required(*READERS)
def merge_measures(topic_id: int) -> ResponseReturnValue:
    """From the list (ticked measures) or from a measure's similar measures (two hidden ids)."""
    topic = topic_for_staff(topic_id)
    form = MergeForm()
    if not form.validate_on_submit():
        return _render_measures(topic, form)
    try:
        kept = service.merge_measures(get_session(), topic, form.measure_ids.data, staff_user())
    except service.MeasureError as exc:
        form.measure_ids.errors = [str(exc)]
        return _render_measures(topic, form)
    flash(ngettext("%(num)s measure was merged into this one.", "%(num)s measures were merged into this one.",
                   len(set(form.measure_ids.data))),
          "success")
    return redirect(url_for("planner.measure", topic_id=topic.id, measure_id=kept.id))


# One measure ---------------------------------------------------------------------------------------------


def _render_measure(topic: Topic, measure: Measure, **forms: Any) -> str:
    session = get_session()
    decision = forms.get("decision_form") or DecisionForm(formdata=None, status=measure.status.value,
                                                          answer_md=measure.answer_md)
    rename = forms.get("rename_form") or RenameForm(formdata=None, title=measure.title)
    line_form = forms.get("line_form") or LineActionsForm(formdata=None)
    move_query = request.args.get("move_q", "").strip()[:MAX_QUERY]
    candidates = measure_picker.move_candidates(session, topic, measure, move_query)
    line_form.target.choices = [SelectChoice("", _("Choose a measure"))] + [
        SelectChoice(other.id, f"{_('No. %(number)s', number=other.id)}: {other.title}")
        for other in candidates]
    # Never suggest merging back what the planner split apart.
    relatives = measure_picker.split_relatives(session, topic, measure)
    similar = [(other, score) for other, score
               in service.similar_to(session, topic, measure, top=SIMILAR_SHOWN + len(relatives))
               if other.id not in relatives][:SIMILAR_SHOWN]
    return render_template("planner/measure.html", topic=topic, measure=measure,
                           view=service.measure_view(session, topic, measure), similar=similar,
                           move_query=move_query, move_matches=len(candidates),
                           line_form=line_form,
                           rename_form=rename, decision_form=decision, button_form=EmptyForm(),
                           answer_html=render_markdown(measure.answer_md),
                           question_numbers=_question_numbers(topic), reason_labels=HIDE_REASON)


@bp.route("/topics/<int:topic_id>/measures/<int:measure_id>")
@roles_required(*READERS)
def measure(topic_id: int, measure_id: int) -> ResponseReturnValue:
    """A measure's lines, its status and answer, and similar measures to merge with."""
    topic = topic_for_staff(topic_id)
    return _render_measure(topic, get_or_404(Measure, measure_id, topic))


@bp.route("/topics/<int:topic_id>/measures/<int:measure_id>/lines", methods=["POST"])
@roles_required(*READERS)
def measure_lines(topic_id: int, measure_id: int) -> ResponseReturnValue:
    """Split, move or hide the ticked lines, by the button pressed."""
    session = get_session()
    topic = topic_for_staff(topic_id)
    measure = get_or_404(Measure, measure_id, topic)
    form = LineActionsForm()
    if not form.validate_on_submit():
        return _render_measure(topic, measure, line_form=form)
    lines, user = form.line_ids.data, staff_user()
    try:
        if form.split.data:
            new = service.split_lines(session, topic, measure, lines, form.new_title.data or "", user)
            flash(_("The lines were split into a new measure."), "success")
            return redirect(url_for("planner.measure", topic_id=topic.id, measure_id=new.id))
        if form.move.data:
            target = service.move_lines(session, topic, measure, lines, form.target.data, user)
            flash(_("The lines were moved to “%(title)s”.", title=target.title), "success")
        else:
            service.hide_lines(session, topic, measure, lines, form.reason.data, user)
            flash(_("The lines were hidden."), "success")
    except service.MeasureError as exc:
        field = form.target if isinstance(exc, service.UnknownMeasure) else form.line_ids
        field.errors = [str(exc)]
        return _render_measure(topic, get_or_404(Measure, measure_id, topic), line_form=form)
    if service.measure_in(session, topic, measure_id) is None:
        flash(_("The measure had no lines left and was removed."), "success")
        return redirect(url_for("planner.measures", topic_id=topic.id))
    return redirect(url_for("planner.measure", topic_id=topic.id, measure_id=measure_id))


@bp.route("/topics/<int:topic_id>/measures/<int:measure_id>/rename", methods=["POST"])
@roles_required(*READERS)
def rename_measure(topic_id: int, measure_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    measure = get_or_404(Measure, measure_id, topic)
    form = RenameForm()
    if not form.validate_on_submit():
        return _render_measure(topic, measure, rename_form=form)
    service.rename_measure(get_session(), topic, measure, form.title.data, staff_user())
    flash(_("The measure was renamed. Its title is kept when the topic is consolidated again."), "success")
    return redirect(url_for("planner.measure", topic_id=topic.id, measure_id=measure.id))


@bp.route("/topics/<int:topic_id>/measures/<int:measure_id>/confirm-title", methods=["POST"])
@roles_required(*READERS)
def confirm_title(topic_id: int, measure_id: int) -> ResponseReturnValue:
    """One click from the list or the measure's page: the proposed title is kept as it is."""
    topic = topic_for_staff(topic_id)
    measure = get_or_404(Measure, measure_id, topic)
    if EmptyForm().validate_on_submit() and not measure.title_confirmed:
        service.confirm_title(get_session(), topic, measure, staff_user())
        flash(_("The title “%(title)s” was confirmed.", title=measure.title), "success")
    if request.form.get("back") == "list":
        return redirect(url_for("planner.measures", topic_id=topic.id, _anchor=f"measure-{measure.id}"))
    return redirect(url_for("planner.measure", topic_id=topic.id, measure_id=measure.id))


@bp.route("/topics/<int:topic_id>/measures/<int:measure_id>/decision", methods=["POST"])
@roles_required(*READERS)
def decide_measure(topic_id: int, measure_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    measure = get_or_404(Measure, measure_id, topic)
    form = DecisionForm()
    if measure.kind is not QuestionKind.PROPOSALS:
        flash(_("This is a theme, not a proposed measure: it has no status or answer."), "error")
        return redirect(url_for("planner.measure", topic_id=topic.id, measure_id=measure.id))
    if not form.validate_on_submit():
        return _render_measure(topic, measure, decision_form=form)
    service.set_decision(get_session(), topic, measure, form.status_value(), form.answer_md.data or "",
                         staff_user())
    flash(_("The status and answer were saved."), "success")
    return redirect(url_for("planner.measure", topic_id=topic.id, measure_id=measure.id))


# History -------------------------------------------------------------------------------------------------


@bp.route("/topics/<int:topic_id>/corrections")
@roles_required(*READERS)
def corrections(topic_id: int) -> ResponseReturnValue:
    """Every correction, newest first, each with an undo button."""
    topic = topic_for_staff(topic_id)
    items, undoers, page, pages = service.corrections_page(get_session(), topic,
                                                           request.args.get("page", 1, type=int) or 1)
    return render_template("planner/corrections.html", topic=topic, corrections=items, undoers=undoers,
                           page=page, pages=pages, kinds=CORRECTION_KINDS, button_form=EmptyForm())


@bp.route("/topics/<int:topic_id>/corrections/<int:correction_id>/undo", methods=["POST"])
@roles_required(*READERS)
def undo_correction(topic_id: int, correction_id: int) -> ResponseReturnValue:
    session = get_session()
    topic = topic_for_staff(topic_id)
    correction = service.correction_in(session, topic, correction_id)
    if correction is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            service.undo_correction(session, topic, correction, staff_user())
        except service.MeasureError as exc:
            flash(str(exc), "error")
        else:
            flash(_("The correction was undone."), "success")
    return redirect(url_for("planner.corrections", topic_id=topic.id))


# Guided review -------------------------------------------------------------------------------------------

# Skipped questions remembered per topic in the planner's session, newest last.
SKIPPED_KEPT = 200


def _skipped(topic: Topic) -> list[str]:
    return list(browser_session.get("review_skipped", {}).get(str(topic.id), []))


def _render_review(topic: Topic, form: ReviewAnswerForm | None = None) -> str:
    state = review_service.review_state(get_session(), topic, set(_skipped(topic)))
    return render_template("planner/review.html", topic=topic, state=state, form=form or ReviewAnswerForm(),
                           question_numbers=_question_numbers(topic), side_shown=review_service.SIDE_SHOWN,
                           skipped=len(_skipped(topic)), button_form=EmptyForm())


@bp.route("/topics/<int:topic_id>/review")
@roles_required(*READERS)
def review(topic_id: int) -> ResponseReturnValue:
    """One question at a time: do these lines ask for the same measure?"""
    return _render_review(topic_for_staff(topic_id))


@bp.route("/topics/<int:topic_id>/review/answer", methods=["POST"])
@roles_required(*READERS)
def review_answer(topic_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    form = ReviewAnswerForm()
    if not form.validate_on_submit():
        return _render_review(topic, form), 400
    if form.skip.data:
        skipped = browser_session.setdefault("review_skipped", {})
        skipped[str(topic.id)] = (_skipped(topic) + [form.question.data or ""])[-SKIPPED_KEPT:]
        browser_session.modified = True
        return redirect(url_for("planner.review", topic_id=topic.id))
    try:
        review_service.answer_question(get_session(), topic, form.left.data, form.right.data,
                                       bool(form.yes.data), staff_user())
    except service.MeasureError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Answer saved: the lines are now in the same measure.") if form.yes.data
              else _("Answer saved: the lines are now kept apart."), "success")
    return redirect(url_for("planner.review", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/review/skipped", methods=["POST"])
@roles_required(*READERS)
def review_reset_skipped(topic_id: int) -> ResponseReturnValue:
    """Ask the skipped questions again."""
    topic = topic_for_staff(topic_id)
    if EmptyForm().validate_on_submit():
        browser_session.get("review_skipped", {}).pop(str(topic.id), None)
        browser_session.modified = True
    return redirect(url_for("planner.review", topic_id=topic.id))
