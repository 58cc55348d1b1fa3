"""Printed course material, for rooms and places without a connection: the field pack of a
module (its lessons, help contacts and practice sheets), and paper quizzes with their answer
keys, laid out exactly as online attempts are. Pure Python: no Streamlit, no database.
"""

from courseware.paper.editions import EDITIONS, Edition, edition

__all__ = ["EDITIONS", "Edition", "edition"]
