"""A signature binds the exact content signed: a later change shows, visibly."""

from __future__ import annotations

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.visits.services import raised_need_add, visit_record_save, visit_sign
from kamdesk.visits.services.record import current_signature, signature_matches
from kamdesk.visits.signing import (
    SignatureImageError,
    canonical_content,
    content_digest,
    digest_of,
    png_from_data_url,
)
from tests.conftest import client_for
from tests.visits.factories import VisitFactory, png_data_url, tiny_png


@pytest.fixture
def signed(frozen, manager, customer):
    visit = VisitFactory(customer=customer, discussion="更换会议室信号放大器，已恢复正常。")
    visit_sign(
        visit=visit,
        actor=manager,
        signer_name="王敏",
        signer_title="信息中心主任",
        image_data_url=png_data_url(),
    )
    return visit


def test_a_signed_visit_shows_the_signature_as_matching(signed, manager):
    page = client_for(manager).get(f"/visits/{signed.pk}/").content.decode()
    assert 'data-matches="yes"' in page and "王敏" in page
    assert 'src="data:image/png;base64,' in page
    signature = current_signature(signed)
    assert bytes(signature.image_png) == tiny_png()
    assert len(signature.digest) == 64


def test_a_change_of_the_record_after_signing_shows_the_signature_no_longer_matches(
    signed, manager
):
    visit_record_save(
        visit=signed, actor=manager, data={"discussion": "更换会议室信号放大器，客户同意加购。"}
    )
    signed.refresh_from_db()
    assert not signature_matches(signed, current_signature(signed))
    page = client_for(manager).get(f"/visits/{signed.pk}/").content.decode()
    assert 'data-matches="no"' in page
    assert "签字与记录不再一致" in page  # "Signature no longer matches"


def test_a_need_added_after_signing_also_breaks_the_match(signed, manager):
    raised_need_add(visit=signed, actor=manager, description="希望下月再来")
    assert not signature_matches(signed, current_signature(signed))


def test_a_change_outside_the_signed_content_keeps_the_match(signed, manager):
    signed.note = "内部备注"
    signed.save()
    assert signature_matches(signed, current_signature(signed))


def test_it_refuses_a_signature_without_a_name_or_a_usable_image(frozen, manager, customer):
    visit = VisitFactory(customer=customer)
    with pytest.raises(ValidationFailed) as error:
        visit_sign(
            visit=visit,
            actor=manager,
            signer_name="",
            signer_title="",
            image_data_url="data:image/jpeg;base64,AAAA",
        )
    assert set(error.value.errors) == {"signer_name", "signature"}


@pytest.mark.nodb
def test_the_canonical_content_ignores_key_order_and_line_ends():
    a = {"discussion": "第一行\r\n第二行 ", "needs": ["a"], "n": 3}
    b = {"n": 3, "needs": ["a"], "discussion": "第一行\n第二行"}
    assert canonical_content(a) == canonical_content(b)
    assert digest_of(a) == content_digest(canonical_content(b))
    assert digest_of(a) != digest_of({**a, "n": 4})


@pytest.mark.nodb
@pytest.mark.parametrize(
    "bad",
    [
        "",
        "data:image/png;base64,",
        "data:image/png;base64,!!!",
        "data:image/png;base64,aGVsbG8=",
        "hello",
    ],
)
def test_it_rejects_what_is_not_a_png_data_url(bad):
    with pytest.raises(SignatureImageError):
        png_from_data_url(bad)
