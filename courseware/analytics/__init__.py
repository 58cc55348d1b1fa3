"""Analytics over quiz results: pure computations, no Streamlit and no SQL here."""
