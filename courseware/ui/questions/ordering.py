from __future__ import annotations

import streamlit as st

from courseware.ui.questions.base import QuestionUI, QuestionView


class OrderingUI(QuestionUI):
    def widget(self, view: QuestionView) -> None:
        texts = {item.id: item.text for item in view.question.items}
        order_key = f"{view.key}:order"
        if order_key not in st.session_state:
            st.session_state[order_key] = list(view.saved or view.order)
        order: list[str] = st.session_state[order_key]
        # `view.saved` is as the page was last run whole, which a question's own rerun is not.
        given_key = f"{view.key}:given"
        st.markdown(view.text(view.question.prompt))
        st.caption(view.t("quiz.ordering_help"))

        def move(item_id: str, step: int) -> None:
            # By item, not by row: a click that lands while the page is still redrawing after
            # the previous one comes with that earlier page's buttons, whose row numbers may
            # no longer hold (and whose "up" may be enabled for what is now the first item).
            index = order.index(item_id)
            if not 0 <= index + step < len(order):
                return
            order[index], order[index + step] = order[index + step], order[index]
            save_order()

        def save_order() -> None:
            st.session_state[given_key] = True
            view.save(view.question.id, list(order))

        for index, item_id in enumerate(order):
            label = view.text(texts[item_id])
            # One row also on a phone (columns would stack there, parting items from their
            # arrows): the text takes the room the two buttons leave.
            row = st.container(horizontal=True, vertical_alignment="center", wrap=False)
            row.markdown(f"{index + 1}. {label}", width="stretch")
            row.button(
                "↑",
                key=f"{view.key}:up:{item_id}",
                help=view.t("quiz.move_up", item=label),
                on_click=move,
                args=(item_id, -1),
                disabled=view.disabled or index == 0,
            )
            row.button(
                "↓",
                key=f"{view.key}:down:{item_id}",
                help=view.t("quiz.move_down", item=label),
                on_click=move,
                args=(item_id, 1),
                disabled=view.disabled or index == len(order) - 1,
            )
        if view.saved is None and not st.session_state.get(given_key):
            st.button(
                view.t("quiz.keep_order"),
                key=f"{view.key}:keep",
                on_click=save_order,
                disabled=view.disabled,
            )

    def describe(self, question, answer, text, t):
        texts = {item.id: item.text for item in question.items}
        return " → ".join(text(texts[i]) for i in answer if i in texts)
