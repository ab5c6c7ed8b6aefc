"""Keys of logged values read as Vietnamese labels, whatever the model holds."""

from parindex.apps.audit.selectors import key_label


def test_a_field_of_a_score_reads_as_its_label():
    assert str(key_label("opinion")) == "ý kiến thẩm định"


def test_a_reverse_relation_key_never_breaks_the_log():
    assert str(key_label("evidence")) == "tài liệu kiểm chứng"
    assert str(key_label("thread")) == "thread"


def test_an_unknown_key_reads_as_itself():
    assert key_label("something_new") == "something_new"
