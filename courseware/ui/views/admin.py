"""Administration: organisations, cohorts, accounts, the content status and the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from courseware.access import ROLES
from courseware.store.accounts import (
    change_organisation,
    change_role,
    create_account,
    create_organisation,
    list_accounts,
    list_organisations,
    reset_password,
    set_account_active,
)
from courseware.store.audit import list_audit
from courseware.store.cohorts import (
    create_cohort,
    list_cohorts,
    regenerate_invite_code,
    update_cohort,
)
from courseware.store.privacy import erase_user
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.safe_text import plain


def organisations_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.organisations"))
    organisations = list_organisations(ctx.db, ctx.actor)
    st.dataframe(
        pd.DataFrame(organisations, columns=["id", t("admin.name")]),
        hide_index=True,
        width="stretch",
    )
    with st.form("add-organisation", clear_on_submit=True):
        name = st.text_input(t("admin.new_organisation"))
        added = st.form_submit_button(t("admin.add")) and name.strip()
        if added and components.attempt(ctx, lambda: create_organisation(ctx.db, ctx.actor, name)):
            st.success(t("admin.saved"))
            st.rerun()


def cohort_form(ctx: PageContext, organisations: dict[int, str], trainers: dict[int, str]) -> None:
    """Create a cohort: admins in any organisation, trainers in their own (they train it)."""
    t = ctx.t
    with st.form("add-cohort", clear_on_submit=True):
        st.subheader(t("admin.new_cohort"))
        name = st.text_input(t("admin.name"))
        organisation = st.selectbox(
            t("admin.organisation"), list(organisations), format_func=organisations.get
        )
        chosen = st.multiselect(t("admin.trainers"), list(trainers), format_func=trainers.get)
        starts, ends = st.columns(2)
        starts_on = starts.date_input(t("admin.starts_on"), value=None)
        ends_on = ends.date_input(t("admin.ends_on"), value=None)
        if st.form_submit_button(t("admin.add")):
            cohort = components.attempt(
                ctx,
                lambda: create_cohort(
                    ctx.db,
                    ctx.actor,
                    name=name,
                    organisation_id=organisation,
                    trainer_ids=chosen,
                    starts_on=starts_on,
                    ends_on=ends_on,
                ),
            )
            if cohort is not None:
                st.success(t("admin.cohort_created", code=cohort.invite_code))


def cohort_table(ctx: PageContext, organisations: dict[int, str], people: dict[int, str]) -> None:
    t = ctx.t
    cohorts = list_cohorts(ctx.db, ctx.actor)
    if not cohorts:
        st.info(t("admin.no_cohorts"))
        return
    table = pd.DataFrame(
        [
            {
                t("admin.name"): c.name,
                t("admin.organisation"): organisations.get(c.organisation_id, ""),
                t("admin.trainers"): ", ".join(people.get(i, str(i)) for i in c.trainer_ids),
                t("admin.learners"): c.learners,
                t("admin.starts_on"): c.starts_on,
                t("admin.ends_on"): c.ends_on,
                t("admin.invite_code"): c.invite_code or "",
            }
            for c in cohorts
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    managed = {c.id: c.name for c in cohorts if c.invite_code}
    if managed:
        chosen = st.selectbox(t("admin.regenerate_for"), list(managed), format_func=managed.get)
        if st.button(t("admin.regenerate")):
            code = components.attempt(
                ctx, lambda: regenerate_invite_code(ctx.db, ctx.actor, chosen)
            )
            if code:
                st.success(t("admin.new_code", code=code))


def cohort_editor(ctx: PageContext, trainers: dict[int, tuple[str, int]]) -> None:
    """Change a cohort's trainers (from its organisation) and dates."""
    t = ctx.t
    cohorts = {c.id: c for c in list_cohorts(ctx.db, ctx.actor)}
    if not cohorts:
        return
    st.subheader(t("admin.edit_cohort"))
    chosen = st.selectbox(
        t("admin.manage_cohort"), list(cohorts), format_func=lambda i: cohorts[i].name
    )
    cohort = cohorts[chosen]
    eligible = {i: label for i, (label, org) in trainers.items() if org == cohort.organisation_id}
    with st.form(f"edit-cohort-{chosen}"):
        kept = st.multiselect(
            t("admin.trainers"),
            list(eligible),
            default=[i for i in cohort.trainer_ids if i in eligible],
            format_func=eligible.get,
        )
        starts, ends = st.columns(2)
        starts_on = starts.date_input(t("admin.starts_on"), value=cohort.starts_on)
        ends_on = ends.date_input(t("admin.ends_on"), value=cohort.ends_on)
        if st.form_submit_button(t("admin.save_changes")):
            update = lambda: update_cohort(  # noqa: E731
                ctx.db, ctx.actor, chosen, trainer_ids=kept, starts_on=starts_on, ends_on=ends_on
            )
            if components.attempt(ctx, update) is not None:
                st.success(t("admin.saved"))


def cohorts_admin_page(ctx: PageContext) -> None:
    st.title(ctx.t("nav.manage_cohorts"))
    organisations = dict(list_organisations(ctx.db, ctx.actor))
    accounts = list_accounts(ctx.db, ctx.actor)
    people = {a.user_id: a.display_name for a in accounts}
    trainers = {
        a.user_id: (f"{a.display_name} ({a.email})", a.organisation_id)
        for a in accounts
        if a.role == "trainer" and a.active
    }
    cohort_table(ctx, organisations, people)
    cohort_editor(ctx, trainers)
    cohort_form(ctx, organisations, {i: label for i, (label, _) in trainers.items()})


def _accounts_table(t, accounts, organisations: dict) -> None:
    role_filter = st.multiselect(t("admin.role"), ROLES, format_func=lambda r: t(f"role.{r}"))
    search = st.text_input(t("admin.search"), placeholder=t("admin.search_hint"))
    shown = [
        a
        for a in accounts
        if (not role_filter or a.role in role_filter)
        and (search.lower() in a.email.lower() or search.lower() in a.display_name.lower())
    ]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("admin.name"): a.display_name,
                    t("auth.field.email"): a.email,
                    t("admin.role"): t(f"role.{a.role}"),
                    t("admin.organisation"): organisations.get(a.organisation_id, ""),
                    t("admin.active"): a.active,
                }
                for a in shown
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def accounts_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.accounts"))
    organisations = dict(list_organisations(ctx.db, ctx.actor))
    # Filled after the form below has done its work, so that it shows an account just added.
    table = st.container()
    with (
        st.expander(t("admin.new_account"), icon=":material/person_add:"),
        st.form("add-account", clear_on_submit=True),
    ):
        # One form: role and organisation reach the server with the button press, as shown.
        email = st.text_input(t("auth.field.email"))
        name = st.text_input(t("admin.name"))
        role = st.selectbox(t("admin.role"), ROLES, format_func=lambda r: t(f"role.{r}"))
        organisation = st.selectbox(
            t("admin.organisation"), list(organisations), format_func=organisations.get
        )
        added = None
        if st.form_submit_button(t("admin.add")):
            added = components.attempt(
                ctx,
                lambda: create_account(
                    ctx.db,
                    ctx.actor,
                    email=email,
                    display_name=name,
                    role=role,
                    organisation_id=organisation,
                ),
            )
    accounts = list_accounts(ctx.db, ctx.actor)
    if added is not None:
        # What was stored, read back: never what the form happened to show.
        stored = next(a for a in accounts if a.user_id == added.user_id)
        st.success(
            t(
                "admin.account_created",
                email=stored.email,
                role=t(f"role.{stored.role}"),
                organisation=organisations.get(stored.organisation_id, ""),
            )
        )
        if added.one_time_password:
            st.info(t("admin.one_time_password", password=added.one_time_password))
    with table:
        _accounts_table(t, accounts, organisations)

    by_id = {a.user_id: a for a in accounts}
    chosen = st.selectbox(
        t("admin.manage_account"),
        list(by_id),
        index=None,
        format_func=lambda i: f"{by_id[i].display_name} ({by_id[i].email})",
    )
    if chosen is None:
        return
    account = by_id[chosen]
    role_column, organisation_column = st.columns(2)
    new_role = role_column.selectbox(
        t("admin.role"),
        ROLES,
        index=ROLES.index(account.role),
        format_func=lambda r: t(f"role.{r}"),
    )
    new_organisation = organisation_column.selectbox(
        t("admin.organisation"),
        list(organisations),
        index=list(organisations).index(account.organisation_id),
        format_func=organisations.get,
    )
    save, reset, activate, erase = st.columns(4)
    if save.button(t("admin.save_changes")):
        if new_role != account.role:
            components.attempt(ctx, lambda: change_role(ctx.db, ctx.actor, chosen, new_role))
        if new_organisation != account.organisation_id:
            components.attempt(
                ctx, lambda: change_organisation(ctx.db, ctx.actor, chosen, new_organisation)
            )
        st.rerun()
    if reset.button(t("admin.reset_password")):
        password = components.attempt(ctx, lambda: reset_password(ctx.db, ctx.actor, chosen))
        if password:
            st.success(t("admin.one_time_password", password=password))
    label = t("admin.deactivate") if account.active else t("admin.activate")
    if activate.button(label):
        components.attempt(
            ctx, lambda: set_account_active(ctx.db, ctx.actor, chosen, not account.active)
        )
        st.rerun()
    if erase.button(t("admin.erase"), type="secondary"):
        st.session_state["confirm-erase"] = chosen
    if st.session_state.get("confirm-erase") == chosen:
        st.warning(t("admin.erase_warning", name=plain(account.display_name)))
        if st.button(t("admin.erase_confirm"), type="primary"):
            if components.succeeded(ctx, lambda: erase_user(ctx.db, ctx.actor, chosen)):
                st.success(t("admin.erased"))
            st.session_state.pop("confirm-erase", None)


def content_status_page(ctx: PageContext) -> None:
    """Every problem in the course files, exactly as `python -m courseware validate` prints."""
    t = ctx.t
    st.title(t("nav.content_status"))
    problems = ctx.catalog.problems
    errors = sum(p.severity == "error" for p in problems)
    st.metric(t("admin.content_errors"), errors)
    st.metric(t("admin.content_warnings"), len(problems) - errors)
    if problems:
        st.code("\n".join(str(p) for p in problems), language=None)
    else:
        st.success(t("admin.content_clean"))
    st.markdown(t("admin.content_reload"))  # a caption fades its `code` below 4.5:1


def audit_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.audit"))
    entries = list_audit(ctx.db, ctx.actor, limit=500)
    st.dataframe(pd.DataFrame(entries), hide_index=True, width="stretch")
