"""The platform pages' first-use messages (registering, confirming the e-mail, a new password,
error pages), Spanish then English, added to the shared catalogue on import."""

from __future__ import annotations

from redceci.web.i18n import register

MESSAGES: dict[str, tuple[str, str]] = {
    "skip_to_content": ("Saltar al contenido", "Skip to content"),
    "menu_label": ("Menú", "Menu"),
    "board_national": ("Tablero nacional", "National dashboard"),
    "budget_hint": (
        "En pesos, con o sin separadores: 36,100,000,000 o 36,100 millones. Vacío: sin límite.",
        "In pesos, with or without separators: 36,100,000,000 or 36,100 millones. Empty: no limit.",
    ),
    "solution_optimal": ("óptima (certificada)", "optimal (certified)"),
    "solution_feasible": ("buena, con brecha certificada", "good, with a certified gap"),
    "solution_time_limit": ("la mejor hallada en el tiempo", "the best found in the time"),
    "board_states": ("Tablero estatal", "State dashboard"),
    "board_organisations": ("Tablero de su organización", "Your organisation's dashboard"),
    "board_centres": ("Tablero de su centro", "Your centre's dashboard"),
    "your_centres": ("Sus centros", "Your centres"),
    "your_proposals": ("Sus propuestas", "Your proposals"),
    "proposal_status": ("Situación", "Status"),
    "no_proposals_yet": ("Aún no ha enviado propuestas.", "No proposals sent yet."),
    "registered_in_scope": ("Centros registrados", "Registered centres"),
    "import_file": ("Archivo CSV de centros", "CSV file of centres"),
    "close_label": ("Cerrar", "Close"),
    "create_account": ("Crear una cuenta", "Create an account"),
    "register_intro": (
        "Para madres, padres y tutores que quieren un lugar en un CECI. Le enviaremos un enlace "
        "a su correo para confirmarlo.",
        "For parents and guardians who want a place at a CECI. We will send a link to your "
        "e-mail to confirm it.",
    ),
    "full_name": ("Nombre completo", "Full name"),
    "phone": ("Teléfono", "Phone"),
    "phone_hint": ("{digits} dígitos, por ejemplo {example}", "{digits} digits, e.g. {example}"),
    "password_hint": (
        "Al menos 10 caracteres; no use su nombre ni su correo.",
        "At least 10 characters; do not use your name or e-mail.",
    ),
    "password_again": ("Repita la contraseña", "Repeat the password"),
    "passwords_differ": ("Las contraseñas no coinciden.", "The passwords do not match."),
    "register_button": ("Crear mi cuenta", "Create my account"),
    "have_account": ("¿Ya tiene cuenta? Entre aquí.", "Already have an account? Sign in."),
    "no_account": ("¿No tiene cuenta? Regístrese.", "No account yet? Register."),
    "forgot_password": ("¿Olvidó su contraseña?", "Forgot your password?"),
    "what_is_service": ("¿Qué es el servicio y quién puede usarlo?", "What is the service?"),
    "registered_title": ("Revise su correo", "Check your e-mail"),
    "folio": ("Folio", "Folio"),
    "registered_lead": (
        "Creamos su cuenta con el folio {folio}. Guárdelo: lo pedimos si llama o acude a un "
        "centro.",
        "We created your account with folio {folio}. Keep it: we ask for it if you call or "
        "visit a centre.",
    ),
    "next_steps": ("Qué sigue", "What comes next"),
    "step_verify": (
        "Abra el enlace que enviamos a {email} en las próximas 48 horas.",
        "Open the link we sent to {email} within 48 hours.",
    ),
    "step_sign_in": ("Entre con su correo y contraseña.", "Sign in with your e-mail and password."),
    "step_family": (
        "Registre a su familia: la CURP y fecha de nacimiento de cada niña o niño y el NSS de "
        "quien trabaja.",
        "Register your family: each child's CURP and birth date and the working guardian's NSS.",
    ),
    "step_apply": (
        "Solicite lugar eligiendo centros en orden de preferencia.",
        "Apply, ranking the centres you prefer.",
    ),
    "no_mail": (
        "¿No llegó el correo? Revise la carpeta de correo no deseado o pida un enlace nuevo.",
        "No e-mail? Look in your spam folder or ask for a new link.",
    ),
    "verify_title": ("Confirmar su correo", "Confirm your e-mail"),
    "verify_lead": (
        "Pulse el botón para confirmar su correo y activar su cuenta.",
        "Press the button to confirm your e-mail and activate your account.",
    ),
    "verify_button": ("Confirmar mi correo", "Confirm my e-mail"),
    "verified_title": ("Correo confirmado", "E-mail confirmed"),
    "verified_lead": (
        "Su cuenta ({email}) está activa. Ya puede entrar y registrar a su familia.",
        "Your account ({email}) is active. You can now sign in and register your family.",
    ),
    "bad_link": (
        "El enlace no es válido, ya se usó o caducó. Pida uno nuevo.",
        "The link is not valid, was already used or has expired. Ask for a new one.",
    ),
    "reset_title": ("Contraseña nueva", "New password"),
    "reset_lead": (
        "Escriba su correo y le enviaremos un enlace para elegir una contraseña nueva. El "
        "enlace funciona durante una hora.",
        "Write your e-mail and we will send you a link to choose a new password. The link "
        "works for one hour.",
    ),
    "reset_button": ("Enviar el enlace", "Send the link"),
    "reset_sent": (
        "Si hay una cuenta con ese correo, le enviamos un enlace. Revise su correo.",
        "If an account has that e-mail, we sent it a link. Check your e-mail.",
    ),
    "new_password": ("Contraseña nueva", "New password"),
    "save_password": ("Guardar la contraseña", "Save the password"),
    "password_saved": (
        "Guardamos su contraseña nueva. Entre con ella.",
        "Your new password is saved. Sign in with it.",
    ),
    "unverified_login": (
        "Primero confirme su correo con el enlace que le enviamos (o pida una contraseña "
        "nueva: el enlace también confirma su correo).",
        "Confirm your e-mail first with the link we sent you (or ask for a new password: that "
        "link also confirms your e-mail).",
    ),
    "form_expired": (
        "El formulario caducó; se volvió a cargar. Envíelo de nuevo.",
        "The form expired and was reloaded. Send it again.",
    ),
    "fix_errors": (
        "Revise los campos marcados: {n} con errores.",
        "Check the marked fields: {n} with errors.",
    ),
    "err_email_field": (
        "Escriba un correo válido, por ejemplo ana@ejemplo.mx.",
        "Write a valid e-mail, e.g. ana@example.mx.",
    ),
    "err_name_field": ("Escriba su nombre.", "Write your name."),
    "err_phone_field": (
        "Escriba un teléfono de {digits} dígitos (puede llevar espacios o guiones).",
        "Write a {digits}-digit phone number (spaces or dashes are fine).",
    ),
    "account_exists": (
        "Ya hay una cuenta con ese correo. Entre o pida una contraseña nueva.",
        "An account with that e-mail exists. Sign in or ask for a new password.",
    ),
    "page_not_found": (
        "No encontramos esta página. Revise la dirección o vuelva al inicio.",
        "We could not find this page. Check the address or go back home.",
    ),
    "bad_address": (
        "La dirección tiene un valor que no es válido: {what}.",
        "The address holds a value that is not valid: {what}.",
    ),
    "method_not_allowed": (
        "Esta página no acepta esa acción.",
        "This page does not accept that action.",
    ),
    "server_error": (
        "Algo falló de nuestro lado. Intente de nuevo en un momento.",
        "Something failed on our side. Try again in a moment.",
    ),
}

register(MESSAGES)

#: The audit log's actions and entities, as the audit page shows them.
AUDIT_WORDS: dict[str, tuple[str, str]] = {
    "act_create": ("creó", "created"),
    "act_update": ("modificó", "updated"),
    "act_delete": ("eliminó", "deleted"),
    "act_login": ("entró", "signed in"),
    "act_register": ("se registró", "registered"),
    "act_verify_email": ("confirmó su correo", "confirmed the e-mail"),
    "act_request_reset": ("pidió contraseña nueva", "asked for a new password"),
    "act_reset_password": ("cambió su contraseña", "changed the password"),
    "act_reset": ("restableció", "reset"),
    "act_revoke": ("revocó", "revoked"),
    "act_accept": ("aceptó", "accepted"),
    "act_decline": ("rechazó", "declined"),
    "act_withdraw": ("dio de baja", "withdrew"),
    "act_expire": ("venció", "expired"),
    "act_publish": ("publicó", "published"),
    "act_preview": ("previsualizó", "previewed"),
    "act_transition": ("cambió de etapa", "moved stage"),
    "act_review": ("revisó", "reviewed"),
    "act_import": ("importó", "imported"),
    "act_export": ("exportó", "exported"),
    "act_read": ("consultó", "read"),
    "act_anonymise": ("anonimizó", "anonymised"),
    "act_claim": ("reclamó una CURP", "claimed a CURP"),
    "act_retire": ("retiró", "retired"),
    "act_status": ("cambió el estado", "changed the status"),
    "act_answer": ("respondió", "answered"),
    "ent_user": ("cuenta", "account"),
    "ent_centre": ("centro", "centre"),
    "ent_proposal": ("propuesta", "proposal"),
    "ent_scenario": ("escenario", "scenario"),
    "ent_organisation": ("organización", "organisation"),
    "ent_token": ("clave de API", "API token"),
    "ent_api_token": ("clave de API", "API token"),
    "ent_offer": ("oferta", "offer"),
    "ent_family": ("familia", "family"),
    "ent_application": ("solicitud", "application"),
    "ent_round": ("ronda", "round"),
    "ent_plot": ("predio", "plot"),
    "ent_enrolment": ("inscripción", "enrolment"),
}

register(AUDIT_WORDS)
