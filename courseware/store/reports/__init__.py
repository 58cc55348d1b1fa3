"""Figures about groups of learners, for dashboards. Coordinators see them for every cohort,
but never for a group so small that a figure could point at a person.

One module per family of reports. Who may see which cohorts and how small groups are hidden
live in `scope` alone, so that every report applies the same rules. The families build on
`scope` and not on one another, except `surveys`, which counts answers the way `quiz` does."""
