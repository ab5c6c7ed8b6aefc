from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "parindex.apps.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from parindex.apps.accounts import access_revision  # noqa: PLC0415
        from parindex.apps.accounts.models import Membership, Unit  # noqa: PLC0415

        uid = "parindex.accounts.access_revision"
        post_save.connect(access_revision.membership_changed, Membership, dispatch_uid=uid)
        post_delete.connect(access_revision.membership_changed, Membership, dispatch_uid=uid)
        post_save.connect(access_revision.unit_saved, Unit, dispatch_uid=uid)
