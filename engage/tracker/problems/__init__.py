"""Problems: reporting, the closed loop, lists, dashboards, exports and reminders."""
