"""The commands `make run` relies on."""


def test_demo_if_empty_leaves_a_database_with_users_alone(app, make_user):
    make_user("admin")
    result = app.test_cli_runner().invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "not loaded" in result.output


def test_mail_send_with_nothing_waiting(app, db):
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("sent 0; 0 still waiting; 0 given up")
