"""Who the connected person is to the lender: officer, supervisor, model owner, auditor.

On the shared PostgreSQL the roles are the database's own: membership of the group roles that
`resources/sql/app_role.sql` creates (`pad_officer`, `pad_supervisor`, `pad_model_owner`,
`pad_auditor`), read with `pad_holds()` (revision 0009: a superuser or the owner of the
decision tables holds them all). Each person connects as themselves, so no workstation can
promote itself, and the database refuses what a role may not do whatever the client says. On
the embedded SQLite store the single local user holds every role.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    MODEL_OWNER = "model_owner"
    AUDITOR = "auditor"

    @property
    def group(self) -> str:
        """The PostgreSQL group role that grants it."""
        return f"pad_{self.value}"


@dataclass(frozen=True, slots=True)
class Roles:
    """The roles a person holds; `db_user`: who the database says they are; `single_user`:
    one person holds every role (the embedded store, a superuser or owner connection), so no
    second person can be asked and nothing waits for one."""

    held: frozenset[Role]
    db_user: str
    single_user: bool = False

    def __contains__(self, role: object) -> bool:
        return role in self.held

    @classmethod
    def everything(cls, db_user: str) -> Roles:
        return cls(frozenset(Role), db_user, single_user=True)


# One row: who is connected, whether they hold everything (superuser or owner), and each group.
ROLES_SQL = """
SELECT session_user::text,
       COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
       OR pg_has_role(session_user, (SELECT tableowner FROM pg_tables
                                     WHERE tablename = 'decisions' AND schemaname = 'public'),
                      'MEMBER'),
       {groups}
"""


def read_roles(engine: Engine, local_user: str) -> Roles:
    """The connected person's roles (`local_user` names the embedded store's one user)."""
    import sqlalchemy as sa

    if engine.url.get_backend_name() == "sqlite":
        return Roles.everything(local_user)
    groups = ",\n".join(
        f"EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{r.group}') "
        f"AND pg_has_role(session_user, '{r.group}', 'MEMBER')"
        for r in Role
    )
    with engine.connect() as conn:
        row = conn.execute(sa.text(ROLES_SQL.format(groups=groups))).one()
    user, everything, *members = row
    if everything:
        return Roles.everything(str(user))
    return Roles(frozenset(r for r, m in zip(Role, members, strict=True) if m), str(user))
