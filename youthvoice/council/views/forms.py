"""The youth council's forms. Lengths match council_causes.TEXT_LIMITS; the domain checks them again."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms import TextAreaField as _TextAreaField
from wtforms.validators import NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from youthvoice.core.forms import LocalDateField, age_between, max_length, optional, required
from youthvoice.council.accountability import ANSWER_LIMIT, NAME_LIMIT
from youthvoice.council.causes import CATEGORY_LABELS, COMMENT_LIMIT, REASON_LIMIT, TEXT_LIMITS
from youthvoice.council.follow import TIMELINE_KINDS, UPDATE_KIND_LABELS, UPDATE_LIMIT
from youthvoice.council.panel import QUESTION_LIMIT as PANEL_QUESTION_LIMIT
from youthvoice.council.panel import TEXT_LIMIT as PANEL_TEXT_LIMIT
from youthvoice.council.pictures import ALT_LIMIT
from youthvoice.council.rounds import MAX_CHOOSE, MAX_VOTES
from youthvoice.council.rules import MAX_THRESHOLD


class TextAreaField(_TextAreaField):
    """A text area whose value is never None (so "saved as typed" keeps empty fields empty)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = valuelist[0] if valuelist else ""


class WholeNumberField(IntegerField):
    """A whole number, with our own translated message for anything else."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = str(valuelist[0]).strip() if valuelist else ""
        if not raw:
            self.data = None
            return
        try:
            self.data = int(raw)
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Please write a whole number.")) from error


def _number_message(low: int, high: int) -> Any:
    return _l("Please choose a number from %(low)d to %(high)d.", low=low, high=high)


class SetupForm(FlaskForm):
    name = StringField(_l("Name of the council"), validators=[required(), max_length(120)])
    term_name = StringField(_l("Name of the first term"), validators=[required(), max_length(60)])
    starts_on = LocalDateField(_l("First day"), validators=[required()])
    ends_on = LocalDateField(_l("Last day"), validators=[required()])


class SettingsForm(FlaskForm):
    name = StringField(_l("Name of the council"), validators=[required(), max_length(120)])
    public_page = BooleanField(_l("Show a public page with the chosen mærkesager"))
    support_threshold = WholeNumberField(
        _l("Supports that start the discussion by themselves"),
        validators=[optional(), NumberRange(1, MAX_THRESHOLD, message=_number_message(1, MAX_THRESHOLD))])


class TermForm(FlaskForm):
    name = StringField(_l("Name, for example 2026/27"), validators=[required(), max_length(60)])
    starts_on = LocalDateField(_l("First day"), validators=[required()])
    ends_on = LocalDateField(_l("Last day"), validators=[required()])


class StepOneForm(FlaskForm):
    title = StringField(_l("Short title"), validators=[required(), max_length(TEXT_LIMITS["title"])])
    change = TextAreaField(_l("What should change?"), validators=[required(), max_length(TEXT_LIMITS["change"])])


def category_choices() -> list[tuple[str, Any]]:
    return [(key.value, label) for key, label in CATEGORY_LABELS.items()]


class PictureFields(FlaskForm):
    """A picture to add with the text (optional; council/pictures.py makes it again and checks it). `image/*` lets
    a phone offer its camera."""

    picture = FileField(_l("Add a picture (if you like)"), render_kw={"accept": "image/*"})
    picture_alt = StringField(_l("What does the picture show?"), validators=[max_length(ALT_LIMIT)])


class StepTwoForm(PictureFields):
    why = TextAreaField(_l("Why does it matter?"), validators=[max_length(TEXT_LIMITS["why"])])
    who = TextAreaField(_l("Who does it concern?"), validators=[max_length(TEXT_LIMITS["who"])])
    category = SelectField(_l("Category"), choices=category_choices, default="other", validate_choice=False)


class EditForm(StepOneForm, PictureFields):
    why = TextAreaField(_l("Why does it matter?"), validators=[required(), max_length(TEXT_LIMITS["why"])])
    who = TextAreaField(_l("Who does it concern?"), validators=[max_length(TEXT_LIMITS["who"])])
    category = SelectField(_l("Category"), choices=category_choices, default="other", validate_choice=False)


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Your comment"), validators=[required(), max_length(COMMENT_LIMIT)])
    parent_id = HiddenField()


class HideForm(FlaskForm):
    reason = StringField(_l("Why is it hidden?"), validators=[required(), max_length(REASON_LIMIT)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[], validate_choice=False)
    answer_due_on = LocalDateField(_l("The politicians promised an answer by"), validators=[optional()])
    text = TextAreaField(_l("Explanation"), validators=[max_length(UPDATE_LIMIT)])


class AnswerDateForm(FlaskForm):
    answer_due_on = LocalDateField(_l("New answer date"), validators=[required()])
    reason = TextAreaField(_l("Why is the date moved?"), validators=[required(), max_length(UPDATE_LIMIT)])


class UpdateForm(FlaskForm):
    kind = SelectField(_l("What kind of news?"),
                       choices=lambda: [(kind.value, UPDATE_KIND_LABELS[kind]) for kind in TIMELINE_KINDS],
                       validate_choice=False)
    happened_on = LocalDateField(_l("Date"), validators=[required()])
    text = TextAreaField(_l("What happened?"), validators=[required(), max_length(UPDATE_LIMIT)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RoundForm(FlaskForm):
    starts_on = LocalDateField(_l("First day of the vote"), validators=[required()])
    ends_on = LocalDateField(_l("Last day of the vote"), validators=[required()])
    votes_per_member = WholeNumberField(
        _l("Votes per member"), default=3,
        validators=[required(), NumberRange(1, MAX_VOTES, message=_number_message(1, MAX_VOTES))])
    choose_count = WholeNumberField(
        _l("How many mærkesager should the vote choose?"), default=3,
        validators=[required(), NumberRange(1, MAX_CHOOSE, message=_number_message(1, MAX_CHOOSE))])
    causes = MultiCheckboxField(_l("Proposals in the vote"), choices=[], validate_choice=False)


class InviteMemberForm(FlaskForm):
    display_name = StringField(_l("First name or nickname"), validators=[required(), max_length(80)])
    birth_date = LocalDateField(_l("Date of birth"), validators=[required(), age_between(10, 26)])


class ConsentForm(FlaskForm):
    show_name_publicly = BooleanField(_l("Show my first name on the public page"))


class CommitteeForm(FlaskForm):
    name = StringField(_l("Name of the committee, for example Børne- og Ungeudvalget"),
                       validators=[required(), max_length(NAME_LIMIT)])


class SendForm(FlaskForm):
    committee_id = SelectField(_l("Committee"), choices=[], validate_choice=False)


class ProgressForm(FlaskForm):
    progress = WholeNumberField(_l("How far has it come, in per cent?"),
                                validators=[required(), NumberRange(0, 100, message=_number_message(0, 100))])


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[required(), max_length(NAME_LIMIT)])
    due_on = LocalDateField(_l("Planned for"), validators=[required()])


class OfficialAnswerForm(FlaskForm):
    text = TextAreaField(_l("The committee's answer"), validators=[required(), max_length(ANSWER_LIMIT)])


class ConsultationForm(FlaskForm):
    """The coordinator's question to the youth panel (issue 21.5)."""

    question = StringField(_l("The question"), validators=[required(), max_length(PANEL_QUESTION_LIMIT)])
    background = TextAreaField(_l("Background (optional)"), validators=[optional(), max_length(PANEL_TEXT_LIMIT)])
    closes_on = LocalDateField(_l("Answers until"), validators=[required()])


class PanelAnswerForm(FlaskForm):
    text = TextAreaField(_l("Write your answer here"), validators=[required(), max_length(PANEL_TEXT_LIMIT)])
    anonymous = BooleanField(_l("Do not show my name to the municipality"))


class PanelPublishForm(FlaskForm):
    summary = TextAreaField(_l("Summary of the answers"), validators=[required(), max_length(PANEL_TEXT_LIMIT)])
    outcome = TextAreaField(_l("What the municipality did with it"),
                            validators=[optional(), max_length(PANEL_TEXT_LIMIT)])


class PanelMemberForm(FlaskForm):
    young_person_id = SelectField(_l("Young person"), choices=[], validate_choice=False)


class MergeForm(FlaskForm):
    into = SelectField(_l("Which proposal says the same?"), choices=[], validate_choice=False)
