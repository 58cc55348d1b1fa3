"""Streamlit entry point: `streamlit run app.py` (or `make run`)."""

from pathlib import Path

import streamlit as st

from courseware.content.catalog import load_catalog
from courseware.content.fields import localize

ROOT = Path(__file__).parent


@st.cache_resource
def catalog():
    return load_catalog(ROOT)


def outline() -> None:
    course_catalog = catalog()
    course = course_catalog.course
    if course is None:
        st.title("Course")
        st.error("The course file could not be loaded. Run `python -m courseware validate`.")
        return
    language = st.radio("Language / Jezik", course.languages, horizontal=True)
    st.title(localize(course.title, language))
    if course.description:
        st.write(localize(course.description, language))
    for number, module_id in enumerate(course.modules, start=1):
        module = course_catalog.modules.get(module_id)
        if module is None:
            st.subheader(f"{number}. {module_id}")
            st.caption("Temporarily unavailable.")
            continue
        with st.expander(f"{number}. {localize(module.title, language)}"):
            st.write(localize(module.summary, language))
            for lesson in module.lessons:
                st.markdown(f"- {localize(lesson.title, language)}")


outline()
