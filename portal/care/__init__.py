"""The care app moved to the top-level `care/` (issue 25). Only the task alias below stays here."""
