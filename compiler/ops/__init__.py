"""Operations: one frozen class per change, each with its exact reverse."""

from compiler.ops.base import Hazard, Op  # noqa: F401
from compiler.ops.columns import (  # noqa: F401
    AddColumn,
    AlterColumnComment,
    AlterColumnDefault,
    AlterColumnNullability,
    AlterColumnSensitive,
    AlterColumnTypes,
    AlterTableComment,
    DropColumn,
    DropDefaultForChange,
    SetDefaultForChange,
)  # AlterColumnType, one column's part of AlterColumnTypes, is not a step kind: see compiler/ops/columns.py
from compiler.ops.ddl import (  # noqa: F401
    AddConstraint,
    AlterExtensionSchema,
    CreateEnum,
    CreateExtension,
    CreateIndex,
    CreateSchema,
    CreateTable,
    DropConstraint,
    DropEnum,
    DropExtension,
    DropIndex,
    DropSchema,
    DropTable,
)
from compiler.ops.enums import ChangeEnumValues, CommentOnEnum, EnumColumn  # noqa: F401
from compiler.ops.identity import AlterColumnIdentity, DropColumnExpression, RedefineGeneratedColumn  # noqa: F401
from compiler.ops.keys import (  # noqa: F401
    AddConstraintForChange,
    CommentOnConstraint,
    CommentOnIndex,
    CreateIndexForChange,
    DropConstraintForChange,
    DropIndexForChange,
    ValidateConstraint,
)
from compiler.ops.online_constraints import (  # noqa: F401
    AddNotNullCheck,
    DropNotNullCheck,
    SetNotNullFromCheck,
    ValidateConstraintAfterCommit,
    ValidateNotNullCheck,
)
from compiler.ops.online_foreign_keys import AddForeignKeyAfterCommit, DropConstraintAfterCommit  # noqa: F401
from compiler.ops.online_partitions import (  # noqa: F401
    AddBoundCheck,
    CreatePartitionFromCheck,
    DropBoundCheck,
    SwapPartitionBound,
    ValidateBoundCheck,
)
from compiler.ops.partition_foreign_keys import (  # noqa: F401
    AddForeignKeyNotValidOnPartitioned,
    AddPartitionedForeignKey,
    AddPartitionForeignKey,
)
from compiler.ops.partitions import (  # noqa: F401
    AlterPartitionBound,
    AlterTablePersistence,
    CreatePartitionBesideDefault,
    RecreateTable,
)
from compiler.ops.privileges import (  # noqa: F401, E402
    ChangeDefaultPrivileges,
    ChangeOwner,
    ResetOwner,
    SetDefaultPrivileges,
    SetOwner,
    UnsetDefaultPrivileges,
)
from compiler.ops.programmable import (  # noqa: F401
    CreateFunction,
    CreatePolicy,
    CreateRole,
    CreateTrigger,
    CreateView,
    DisableRowSecurity,
    DropFunction,
    DropPolicy,
    DropRole,
    DropTrigger,
    DropView,
    EnableRowSecurity,
    GrantPrivileges,
    RevokePrivileges,
)
from compiler.ops.relations import DropTableForChange  # noqa: F401
from compiler.ops.renames import Rename  # noqa: F401
from compiler.ops.replace import (  # noqa: F401
    AlterPolicy,
    AlterRoleComment,
    AlterRowSecurity,
    AlterViewComment,
    CreateReplacement,
    DropForReplacement,
    GrantAdded,
    RegrantPrivileges,
    ReplaceFunction,
    RevokeRemoved,
)
from compiler.ops.rows import DeleteRow, InsertRow, UpdateRow  # noqa: F401
from compiler.ops.sequences import AlterSequence, CreateSequence, DropSequence, SetSequenceOwner  # noqa: F401
from compiler.ops.set_schema import SetSchema  # noqa: F401
from compiler.ops.user_types import (  # noqa: F401
    AddDomainCheck,
    AlterAttributes,
    AlterDomainDefault,
    AlterDomainNullability,
    CommentOnUserType,
    CreateAggregate,
    CreateUserType,
    DropAggregate,
    DropDomainCheck,
    DropUserType,
    RecreateObject,
    RemakeTypeWithColumns,
    ReplaceAggregate,
    ReplaceDomainCheck,
    ValidateDomainCheck,
)
