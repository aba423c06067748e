"""The outcomes app moved to the top-level `outcomes/` (issue 25). Only the task alias below stays here."""
