"""E-mails about overdue tasks: one a day at most to each owner (or to the unit's leaders
for a task without an owner), recorded, through Django's e-mail backend."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from parindex.apps.plans import reminders
from parindex.apps.plans.models import ReminderLog, TaskStatus
from parindex.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(issued, personas, settings):
    """1.6 (the staff member's) and 4.5 (nobody's) are overdue; 1.3.1 is not due yet."""
    settings.SITE_URL = "https://cchc.example.gov.vn"
    personas.staff.email = "canbo@snv.example.vn"
    personas.staff.save()
    personas.leader.email = "lanhdao@snv.example.vn"
    personas.leader.save()
    yesterday = timezone.localdate() - timedelta(days=1)
    issued.tasks.filter(code="1.6").update(deadline=yesterday - timedelta(days=9))
    issued.tasks.filter(code="4.5").update(deadline=yesterday, owner=None)
    return issued


def test_each_owner_gets_their_overdue_tasks_and_the_leader_the_unowned_ones(late, personas):
    found = reminders.by_recipient(reminders.overdue(timezone.localdate()))
    assert {person: [t.code for t in tasks] for person, tasks in found.items()} == {
        personas.staff: ["1.6"],
        personas.leader: ["4.5"],
    }


def test_one_email_per_person_and_a_record_of_it(late, personas):
    summary = reminders.send_overdue_reminders()
    assert (summary.sent, summary.tasks, summary.already, summary.failed) == (2, 2, 0, 0)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "canbo@snv.example.vn",
        "lanhdao@snv.example.vn",
    ]
    message = next(m for m in mail.outbox if m.to == ["canbo@snv.example.vn"])
    assert message.subject == "[ParIndex] 1 nhiệm vụ khắc phục quá hạn"
    task = late.tasks.get(code="1.6")
    assert "Kính gửi Canbo," in message.body
    assert f"tiêu chí 1.6. {task.title}" in message.body
    assert f"Thời hạn: {task.deadline:%d/%m/%Y} (quá 10 ngày)" in message.body
    assert f"https://cchc.example.gov.vn/ke-hoach/nhiem-vu/{task.uuid}/" in message.body
    log = ReminderLog.objects.get(recipient=personas.staff)
    assert (log.email, log.day, [t.code for t in log.tasks.all()]) == (
        "canbo@snv.example.vn",
        timezone.localdate(),
        ["1.6"],
    )


def test_a_second_run_the_same_day_sends_nothing(late):
    reminders.send_overdue_reminders()
    again = reminders.send_overdue_reminders()
    assert (again.sent, again.already) == (0, 2)
    assert len(mail.outbox) == 2


def test_the_next_day_the_owners_are_reminded_again(late):
    reminders.send_overdue_reminders()
    reminders.send_overdue_reminders(today=timezone.localdate() + timedelta(days=1))
    assert len(mail.outbox) == 4
    assert ReminderLog.objects.count() == 4


def test_done_tasks_draft_plans_and_tasks_not_yet_due_are_left_alone(late, personas):
    late.tasks.filter(code="1.6").update(status=TaskStatus.DONE, progress=100)
    assert [t.code for t in reminders.overdue(timezone.localdate())] == ["4.5"]
    late.status = "draft"
    late.save()
    assert reminders.overdue(timezone.localdate()) == []
    assert reminders.overdue(date(2000, 1, 1)) == []


def test_people_without_an_email_address_are_counted(late, personas):
    personas.staff.email = ""
    personas.staff.save()
    summary = reminders.send_overdue_reminders()
    assert (summary.sent, summary.without_email) == (1, 1)


def test_a_dry_run_sends_and_records_nothing(late):
    summary = reminders.send_overdue_reminders(dry_run=True)
    assert (summary.sent, summary.tasks) == (2, 2)
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_a_failed_email_is_not_recorded_so_the_next_run_tries_again(late, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("máy chủ thư không trả lời")

    monkeypatch.setattr(reminders, "send_mail", broken)
    summary = reminders.send_overdue_reminders()
    assert (summary.sent, summary.failed) == (0, 2)
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert reminders.send_overdue_reminders().sent == 2


def test_the_command_line_sends_and_says_what_it_did(late, capsys):
    assert main(["remind"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Đã gửi 2 thư nhắc (2 nhiệm vụ quá hạn); 0 người đã được nhắc hôm nay")
    assert main(["remind", "--dry-run"]) == 0
    assert "sẽ gửi 0 thư" in capsys.readouterr().out  # both were reminded today
    assert len(mail.outbox) == 2


def test_the_command_line_checks_the_date(late, capsys):
    assert main(["remind", "--date", "31/12/2025"]) == 2
    assert "ngày «31/12/2025» không hợp lệ" in capsys.readouterr().err
    assert main(["remind", "--date", "2000-01-01", "--dry-run"]) == 0
    assert "sẽ gửi 0 thư" in capsys.readouterr().out


def test_the_overdue_page_shows_when_each_task_was_last_reminded(client, late, personas):
    reminders.send_overdue_reminders()
    client.force_login(personas.secretariat)
    page = client.get(reverse("plans:overdue")).content.decode()
    assert "2 nhiệm vụ quá hạn" in page
    sent = timezone.localtime(ReminderLog.objects.first().sent_at)
    assert sent.strftime("%d/%m/%Y") in page
    client.force_login(personas.other_staff)
    assert "1.6" not in client.get(reverse("plans:overdue")).content.decode()


def test_the_command_is_listed_in_the_help(capsys):
    assert main(["--help"]) == 0
    assert "remind" in capsys.readouterr().out
    assert main(["remind", "--help"]) == 0
    assert "--dry-run" in capsys.readouterr().out
