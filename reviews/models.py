"""Review: reviewer pool, conflicts of interest, assignments and scored reviews."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangaku import bounds
from sangaku.events import WorkflowEvent


class ReviewerProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile")
    institution = models.ForeignKey("programs.Institution", null=True, blank=True, on_delete=models.PROTECT)
    expertise = models.CharField(_("専門分野キーワード"), max_length=500, blank=True)
    max_load_per_call = models.PositiveSmallIntegerField(_("公募あたり上限件数"), default=10)
    active = models.BooleanField(_("有効"), default=True)
    platforms = models.ManyToManyField("programs.Platform", blank=True, related_name="reviewers")
    programs = models.ManyToManyField("programs.Program", blank=True, related_name="reviewers")
    # An external reviewer (invited by e-mail) serves the calls they were invited to and no other.
    calls = models.ManyToManyField("programs.Call", blank=True, related_name="external_reviewers")

    class Meta:
        verbose_name = _("審査委員")
        verbose_name_plural = _("審査委員")

    def __str__(self):
        return str(self.user)


class ConflictKind(models.TextChoices):
    SAME_INSTITUTION = "same_institution", _("同一機関")
    ON_TEAM = "on_team", _("実施体制に参加")
    PAST_COLLABORATION = "past_collaboration", _("過去5年の共同研究")
    EMAIL_DOMAIN = "email_domain", _("メールドメインが一致")
    RELATIVE = "relative", _("親族関係")
    SAME_LAB = "same_lab", _("同一研究室・企業")
    MENTOR = "mentor", _("師弟・雇用関係")
    COMPETITOR = "competitor", _("競合関係")
    OTHER = "other", _("その他")


class ConflictSource(models.TextChoices):
    AUTO = "auto", _("自動検出")
    DECLARED = "declared", _("本人申告")
    OFFICER = "officer", _("担当者登録")


class ConflictOfInterest(models.Model):
    # A call's first assignment may record tens of thousands of rows at once, so no index beyond what is read:
    # the reviewer's rows through the unique constraint (it leads with the reviewer), the application's
    # through its own index; nobody looks rows up by who recorded them.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts", db_index=False
    )
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="conflicts")
    kind = models.CharField(_("種類"), max_length=32, choices=ConflictKind.choices)
    source = models.CharField(_("登録元"), max_length=16, choices=ConflictSource.choices)
    note = models.TextField(_("メモ"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("利害関係")
        verbose_name_plural = _("利害関係")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "application", "kind"], name="conflict_unique_kind"),
        ]


class AssignmentStatus(models.TextChoices):
    INVITED = "invited", _("依頼中")
    ACCEPTED = "accepted", _("受諾")
    DECLINED = "declined", _("辞退")
    COMPLETED = "completed", _("審査完了")
    WITHDRAWN = "withdrawn", _("取消")


class Assignment(models.Model):
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        _("状態"), max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.INVITED
    )
    due_at = models.DateTimeField(_("審査期限"))
    affinity = models.FloatField(_("適合度"), default=0)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # A declined or withdrawn assignment points at the assignment that filled its place (see reviews.replacements).
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces", verbose_name=_("後任の割当")
    )

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("審査割当")
        verbose_name_plural = _("審査割当")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "application"], name="assignment_unique_pair"),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]


class Recommendation(models.TextChoices):
    FUND = "fund", _("採択すべき")
    FUND_WITH_CHANGES = "fund_with_changes", _("条件付きで採択")
    DO_NOT_FUND = "do_not_fund", _("不採択")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("提出済")
    DISCARDED = "discarded", _("無効（利害関係）")


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    scores = models.JSONField(_("評点"), default=dict, blank=True)
    # One comment per rubric criterion, keyed like `scores` ({criterion code: text}). All of them are
    # applicant-facing (quoted anonymised in the applicant's summary and the decision letter);
    # only `comment_to_officer` stays confidential.
    comments = models.JSONField(_("観点別コメント"), default=dict, blank=True)
    comment_to_applicant = models.TextField(
        _("申請者へのコメント"), blank=True, validators=[MaxLengthValidator(bounds.COMMENT_MAX)]
    )
    comment_to_officer = models.TextField(
        _("担当者へのコメント（非開示）"), blank=True, validators=[MaxLengthValidator(bounds.COMMENT_MAX)]
    )
    recommendation = models.CharField(_("総合判定"), max_length=24, choices=Recommendation.choices, blank=True)
    status = models.CharField(_("状態"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Weighted mean of the criterion scores, stored on submit so the database can aggregate it.
    weighted_score = models.FloatField(_("加重平均点"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("審査結果")
        verbose_name_plural = _("審査結果")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False), name="review_submitted_has_time"
            ),
        ]


class AssignmentEvent(WorkflowEvent):
    """Audit trail of an assignment: every state change (accept, decline, complete, withdraw), never edited."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="events")


class ReviewEvent(WorkflowEvent):
    """Audit trail of a review: submitted, or discarded after a conflict came to light; never edited."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")


class BidChoice(models.TextChoices):
    EAGER = "eager", _("ぜひ担当したい")
    WILLING = "willing", _("担当可")
    NOT_WILLING = "not_willing", _("担当したくない")
    CONFLICT = "conflict", _("利害関係あり")


class Bid(models.Model):
    """A reviewer's wish to review (or not) one application of a call, before assignment."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bids")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="bids")
    choice = models.CharField(_("審査希望"), max_length=16, choices=BidChoice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("審査希望")
        verbose_name_plural = _("審査希望")
        constraints = [models.UniqueConstraint(fields=["reviewer", "application"], name="bid_unique_pair")]


class ReviewerInvitationStatus(models.TextChoices):
    INVITED = "invited", _("招待中")
    JOINED = "joined", _("アカウント作成済み・申告待ち")
    DECLARED = "declared", _("利害関係申告済み・登録済み")


class ReviewerInvitation(models.Model):
    """An officer invites a person from outside the pool, by e-mail, to review one call.

    The signed, expiring link creates the account (`user`); the person then declares conflicts
    against the call's applications (`conflicts_declared_at`) before anything else is shown, and
    only then joins the call's pool. Never deleted."""

    call = models.ForeignKey("programs.Call", on_delete=models.PROTECT, related_name="reviewer_invitations")
    email = models.EmailField(_("メールアドレス"), max_length=254)
    name = models.CharField(_("氏名"), max_length=150)
    institution = models.CharField(_("所属機関"), max_length=200, blank=True)
    expertise = models.CharField(_("専門分野キーワード"), max_length=500, blank=True)
    status = models.CharField(
        _("状態"), max_length=16, choices=ReviewerInvitationStatus.choices, default=ReviewerInvitationStatus.INVITED
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="reviewer_invitations"
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    conflicts_declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("外部審査委員の招待")
        verbose_name_plural = _("外部審査委員の招待")


class ReviewerInvitationEvent(WorkflowEvent):
    """Audit trail of an external invitation: invited, joined (account created), conflicts declared."""

    invitation = models.ForeignKey(ReviewerInvitation, on_delete=models.PROTECT, related_name="events")


class ReviewRevision(models.Model):
    """What a submitted review said before its reviewer revised it during the discussion (kept, never edited)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="revisions")
    scores = models.JSONField(_("評点"), default=dict)
    comments = models.JSONField(_("観点別コメント"), default=dict)
    comment_to_applicant = models.TextField(_("申請者へのコメント"), blank=True)
    comment_to_officer = models.TextField(_("担当者へのコメント（非開示）"), blank=True)
    recommendation = models.CharField(_("総合判定"), max_length=24, blank=True)
    weighted_score = models.FloatField(_("加重平均点"), null=True, blank=True)
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("改訂の理由"), blank=True, validators=[MaxLengthValidator(bounds.NOTE_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("審査結果の改訂前の内容")
        verbose_name_plural = _("審査結果の改訂前の内容")


class ReviewDiscussionPost(models.Model):
    """One post of the discussion among an application's reviewers and officers; immutable."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="review_discussion_posts"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("本文"), validators=[MaxLengthValidator(bounds.COMMENT_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("審査の議論")
        verbose_name_plural = _("審査の議論")
        indexes = [models.Index(fields=["application", "created_at"])]


class DiscussionChair(models.Model):
    """The chair (取りまとめ役) who writes the meta-review: designated by an officer for one application,
    or for a whole call (an application's own chair wins over the call's)."""

    call = models.ForeignKey("programs.Call", on_delete=models.PROTECT, related_name="discussion_chairs")
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="discussion_chairs"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("取りまとめ役")
        verbose_name_plural = _("取りまとめ役")


class MetaRecommendation(models.TextChoices):
    ACCEPT = "accept", _("採択を推薦")
    BORDERLINE = "borderline", _("ボーダーライン")
    REJECT = "reject", _("不採択を推薦")


class MetaReview(models.Model):
    """The chair's summary of an application's reviews and discussion. Each writing is a new row
    (the latest counts); earlier ones are kept."""

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="meta_reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recommendation = models.CharField(_("推薦"), max_length=16, choices=MetaRecommendation.choices)
    text = models.TextField(_("メタレビュー"), validators=[MaxLengthValidator(bounds.COMMENT_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("メタレビュー")
        verbose_name_plural = _("メタレビュー")
