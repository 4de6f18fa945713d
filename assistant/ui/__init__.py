"""The Streamlit page's views: one module per view, rendering what the library returns."""
