"""The platform's mails name the deployment's network, never one country's by default."""

from __future__ import annotations

from redceci.platform.mail import verification_message


def test_the_verification_mail_names_the_pack_s_network_in_both_languages() -> None:
    mail = verification_message(
        "ana@ejemplo.gt", "Ana", "https://x/verificar?token=t", "F-1", programme="CADI"
    )
    assert "su registro en la Red CADI (folio F-1)" in mail.body
    assert "registration with the CADI network" in mail.body
    assert "CECI" not in mail.body
