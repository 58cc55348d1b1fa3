"""Self-paced course on identifying and referring victims of human trafficking in Serbia."""
