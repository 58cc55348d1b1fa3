"""Streamlit pages and widgets: thin, they read through the domain and the store and render."""
