"""The demo accounts: one or more people for every role, with Vietnamese names.

Passwords are random and shown once, when an account is created; a re-run keeps them
unless the caller asks for new ones (``reset=True``). An account whose password is not
usable (created elsewhere without one) gets a new one as if it were new.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth.hashers import make_password

from parindex.apps.accounts.models import Membership, Role, Unit, User

PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 14
HASHING_THREADS = 4
KEPT = "(giữ nguyên)"
NO_UNIT = "—"
TABLE_TITLE = "Tài khoản mẫu:"
TABLE_HEADERS = ("Tên đăng nhập", "Vai trò", "Đơn vị", "Mật khẩu")
KEPT_NOTE = "Tài khoản đã có giữ mật khẩu cũ; chạy lại với --reset-passwords để đặt mật khẩu mới."


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """Who a demo user is: ``unit`` for unit roles (a unit code), ``agency`` otherwise;
    ``fields`` the field codes an appraiser appraises."""

    username: str
    full_name: str
    role: Role
    unit: str = ""
    agency: str = ""
    fields: tuple[str, ...] = ()


ADMIN = DemoAccount("admin", "Đỗ Quang Huy", Role.ADMIN)
SECRETARIAT = DemoAccount("thuky.snv", "Trần Thị Thu Hà", Role.SECRETARIAT, agency="Sở Nội vụ")
COUNCIL = DemoAccount(
    "hoidong", "Lê Văn Hùng", Role.COUNCIL, agency="Hội đồng thẩm định Chỉ số CCHC tỉnh"
)
APPRAISERS = (
    DemoAccount(
        "thamdinh.snv",
        "Phạm Minh Tuấn",
        Role.APPRAISER,
        agency="Sở Nội vụ",
        fields=("1", "4", "5", "8"),
    ),
    DemoAccount(
        "thamdinh.stp", "Đặng Thu Trang", Role.APPRAISER, agency="Sở Tư pháp", fields=("2",)
    ),
    DemoAccount(
        "thamdinh.vp", "Hoàng Văn Nam", Role.APPRAISER, agency="Văn phòng UBND tỉnh", fields=("3",)
    ),
    DemoAccount(
        "thamdinh.stc", "Võ Thị Lan Anh", Role.APPRAISER, agency="Sở Tài chính", fields=("6",)
    ),
    DemoAccount(
        "thamdinh.skhcn",
        "Bùi Quốc Khánh",
        Role.APPRAISER,
        agency="Sở Khoa học và Công nghệ",
        fields=("7",),
    ),
)
UNIT_PEOPLE = (
    DemoAccount("lanhdao.snv", "Nguyễn Văn An", Role.UNIT_LEADER, unit="SNV"),
    DemoAccount("canbo.snv", "Lê Thị Bình", Role.UNIT_STAFF, unit="SNV"),
    DemoAccount("lanhdao.dongha", "Trương Công Minh", Role.UNIT_LEADER, unit="P-DONGHA"),
    DemoAccount("canbo.dongha", "Phan Thị Hồng Nhung", Role.UNIT_STAFF, unit="P-DONGHA"),
    DemoAccount("lanhdao.camlo", "Hồ Sĩ Dũng", Role.UNIT_LEADER, unit="X-CAMLO"),
    DemoAccount("canbo.camlo", "Nguyễn Thị Mai", Role.UNIT_STAFF, unit="X-CAMLO"),
)
ACCOUNTS: tuple[DemoAccount, ...] = (ADMIN, SECRETARIAT, COUNCIL, *APPRAISERS, *UNIT_PEOPLE)


@dataclass(frozen=True, slots=True)
class AccountLine:
    """One row of the printed table; ``password`` is ``None`` when it was kept."""

    username: str
    role: str
    unit: str
    password: str | None


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def leader_of(unit: str) -> str | None:
    return _person_of(unit, Role.UNIT_LEADER)


def staff_of(unit: str) -> str | None:
    return _person_of(unit, Role.UNIT_STAFF)


def _person_of(unit: str, role: Role) -> str | None:
    return next((a.username for a in UNIT_PEOPLE if a.unit == unit and a.role == role), None)


def appraiser_of(field: str) -> str:
    return next(a.username for a in APPRAISERS if field in a.fields)


@dataclass(slots=True)
class Users:
    """The demo users by username, the passwords set in this run, how many are new."""

    by_name: dict[str, User]
    passwords: dict[str, str]
    created: int


def ensure_users(*, reset: bool) -> Users:
    """Every demo user, created when missing; new passwords for new users (all with
    ``reset``), and for an existing user whose password is unusable."""
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    passwords: dict[str, str] = {}
    new_users, changed = [], []
    for account in ACCOUNTS:
        user = users.get(account.username)
        is_new = user is None
        if user is None:
            user = User(username=account.username, full_name=account.full_name)
            users[account.username] = user
            new_users.append(user)
        if is_new or reset or not user.has_usable_password():
            passwords[account.username] = new_password()
        if account.role == Role.ADMIN:
            user.is_active = user.is_staff = user.is_superuser = True
        if not is_new and (account.username in passwords or account.role == Role.ADMIN):
            changed.append(user)
    _set_passwords(users, passwords)
    User.objects.bulk_create(new_users)
    User.objects.bulk_update(changed, ["password", "is_active", "is_staff", "is_superuser"])
    return Users(users, passwords, len(new_users))


def _set_passwords(users: Mapping[str, User], passwords: Mapping[str, str]) -> None:
    """Hash in a few threads: Argon2 takes a good tenth of a second per password and
    releases the GIL while it works."""
    with ThreadPoolExecutor(max_workers=HASHING_THREADS) as pool:
        hashes = pool.map(make_password, passwords.values())
        for username, hashed in zip(passwords, hashes, strict=True):
            users[username].password = hashed


def _usernames() -> list[str]:
    return [a.username for a in ACCOUNTS]


def missing_memberships(users: Mapping[str, User], units: Mapping[str, Unit]) -> list[Membership]:
    """The demo roles not held yet, as unsaved rows."""
    held = set(
        Membership.objects.filter(user__in=users.values()).values_list("user_id", "role", "unit_id")
    )
    rows = []
    for account in ACCOUNTS:
        user = users[account.username]
        unit = units[account.unit] if account.unit else None
        if (user.pk, account.role.value, unit.pk if unit else None) not in held:
            rows.append(Membership(user=user, role=account.role, unit=unit))
    return rows


def account_lines(
    passwords: Mapping[str, str], unit_names: Mapping[str, str]
) -> tuple[AccountLine, ...]:
    return tuple(
        AccountLine(
            username=a.username,
            role=str(a.role.label),
            unit=unit_names.get(a.unit, a.unit) if a.unit else (a.agency or NO_UNIT),
            password=passwords.get(a.username),
        )
        for a in ACCOUNTS
    )


def write_accounts(lines: Sequence[AccountLine], out: TextIO) -> None:
    """The accounts as an aligned table in Vietnamese, then a note if any password was kept."""
    rows = [TABLE_HEADERS] + [
        (line.username, line.role, line.unit, line.password or KEPT) for line in lines
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_HEADERS))]
    out.write(TABLE_TITLE + "\n")
    for number, row in enumerate(rows):
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")
        if number == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")
    if any(line.password is None for line in lines):
        out.write(KEPT_NOTE + "\n")
