"""One module per group of pages; each page is a function of the PageContext."""
