import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from audit.dbroles import app_role_statements


class Command(BaseCommand):
    help = (
        "Create (or update) the PostgreSQL login role the application connects as: it owns "
        "nothing, may only read and append audit events, and can neither TRUNCATE nor disable "
        "triggers. Run it as the tables' owner (DATABASE_URL = the owner's URL) after every "
        "`migrate`; then point the application's DATABASE_URL at the new role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The role's name, e.g. st_app.")
        password = parser.add_mutually_exclusive_group(required=True)
        password.add_argument("--password", help="Its password (visible in the process list).")
        password.add_argument("--password-env", metavar="VARIABLE",
                              help="Read its password from this environment variable.")
        parser.add_argument("--print", action="store_true", dest="print_only",
                            help="Print the SQL instead of running it.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, name, password, password_env, print_only, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("create_app_role needs PostgreSQL (DATABASE_URL=postgres://...).")
        if password_env:
            password = os.environ.get(password_env, "")
        if not password:
            raise CommandError("The role needs a non-empty password.")
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, database_name = cursor.fetchone()
            if name == owner:
                raise CommandError(
                    f"'{name}' is the role running this command (the owner): the application "
                    "must connect as a different role.")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [name])
            row = cursor.fetchone()
        statements = app_role_statements(name=name, password=password,
                                         database=database_name, exists=row is not None)
        raw = connection.connection
        if print_only:
            for statement in statements:
                self.stdout.write(statement.as_string(raw) + ";")
            return
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement.as_string(raw))
        self.stdout.write(
            f"Role '{name}' can now use database '{database_name}' without owning it "
            f"(default privileges apply to tables '{owner}' creates).")
