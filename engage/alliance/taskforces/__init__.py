"""Party-member task forces (党员攻坚突击队): rosters, focus targets, goals and their work."""
