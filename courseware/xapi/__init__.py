"""xAPI 1.0.3 statements for what learners do (docs/xapi.md): pure functions of the facts the
store hands over. Nothing here reads the database or sends anything."""
