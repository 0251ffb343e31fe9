; Databases and jobs: SQLAlchemy, connection pools, Celery, pandas, vector stores, AWS Lambda
; and GraphQL.

((call function: [(identifier) (attribute)] @sqlalchemy-orm)
  (#resolves-to? @sqlalchemy-orm
    "sqlalchemy.Column" "sqlalchemy.orm.mapped_column" "sqlalchemy.orm.relationship"
    "sqlalchemy.orm.declarative_base" "sqlalchemy.ext.declarative.declarative_base"
    "sqlalchemy.select" "sqlalchemy.future.select" "sqlalchemy.orm.joinedload" "sqlalchemy.orm.selectinload"
    "sqlalchemy.orm.subqueryload" "sqlalchemy.orm.sessionmaker"))
((class_definition
   name: (identifier) @sqlalchemy-orm
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "sqlalchemy.orm.DeclarativeBase"))
((call function: (attribute object: (_) @_session attribute: (identifier) @sqlalchemy-orm))
  (#eq? @sqlalchemy-orm "query")
  (#match? @_session "(?i)(session|^db)$")
  (#imports? "sqlalchemy" "flask_sqlalchemy"))

((call
   function: [(identifier) (attribute)] @connection-pooling
   arguments: (argument_list (keyword_argument name: (identifier) @_kw)))
  (#any-of? @_kw "pool_size" "max_overflow" "pool_recycle" "pool_pre_ping")
  (#resolves-to? @connection-pooling "sqlalchemy.create_engine" "sqlalchemy.ext.asyncio.create_async_engine"))
((expression_statement (assignment left: (identifier) @connection-pooling))
  (#eq? @connection-pooling "CONN_MAX_AGE")
  (#module-level? @connection-pooling))
((pair key: (string (string_content) @connection-pooling))
  (#eq? @connection-pooling "CONN_MAX_AGE"))
((pair key: (string (string_content) @connection-pooling) value: [(true) (dictionary)])
  (#eq? @connection-pooling "pool"))
((call function: [(identifier) (attribute)] @connection-pooling)
  (#resolves-to? @connection-pooling "psycopg_pool.*" "asyncpg.create_pool"))

((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @celery-task
  (#resolves-match? @_name "^(celery\\.shared_task|celery\\.Celery\\(\\)\\.task)$"))
((decorator [(identifier) (attribute)] @_name) @celery-task
  (#resolves-match? @_name "^(celery\\.shared_task|celery\\.Celery\\(\\)\\.task)$"))
((decorator [(attribute object: (identifier) @_app attribute: (identifier) @_task)
             (call function: (attribute object: (identifier) @_app attribute: (identifier) @_task))]) @celery-task
  (#eq? @_task "task")
  (#any-of? @_app "app" "celery" "celery_app")
  (#not-resolves-match? @_app "^celery\\.Celery\\(\\)$"))
; `.delay()` / `.apply_async()` are Celery's in a module that uses Celery, or on a task imported
; from a `tasks` module.
((call function: (attribute object: (_) @_task attribute: (identifier) @celery-task))
  (#any-of? @celery-task "delay" "apply_async")
  (#not-match? @_task "(?i)(pool|executor)$")
  (#imports? "celery"))
((call function: (attribute object: (_) @_task attribute: (identifier) @celery-task))
  (#any-of? @celery-task "delay" "apply_async")
  (#resolves-match? @_task "(^|\\.)tasks\\.[A-Za-z_][A-Za-z_0-9]*$"))
((call function: [(identifier) (attribute)] @celery-task)
  (#resolves-to? @celery-task "celery.Celery"))

((attribute attribute: (identifier) @celery-beat)
  (#eq? @celery-beat "beat_schedule")
  (#imports? "celery"))
((expression_statement (assignment left: (identifier) @celery-beat))
  (#any-of? @celery-beat "beat_schedule" "CELERY_BEAT_SCHEDULE"))
((pair key: (string (string_content) @celery-beat))
  (#eq? @celery-beat "beat_schedule"))
((call function: [(identifier) (attribute)] @celery-beat)
  (#resolves-to? @celery-beat "celery.schedules.crontab" "celery.schedules.schedule" "celery.task.periodic_task"))

((import_statement name: [(dotted_name) @pandas (aliased_import name: (dotted_name) @pandas)])
  (#eq? @pandas "pandas"))
((call function: (attribute) @pandas)
  (#resolves-to? @pandas "pandas.*"))

((import_statement name: [(dotted_name) @vector-db (aliased_import name: (dotted_name) @vector-db)])
  (#match? @vector-db "^(pymilvus|chromadb|faiss|qdrant_client|pgvector|pinecone)(\\.|$)"))
((import_from_statement module_name: (dotted_name) @vector-db)
  (#match? @vector-db "^(pymilvus|chromadb|faiss|qdrant_client|pgvector|pinecone)(\\.|$)"))

((function_definition
   name: (identifier) @aws-lambda
   parameters: (parameters . (identifier) @_event . (identifier) @_context .))
  (#any-of? @aws-lambda "lambda_handler" "handler")
  (#eq? @_event "event")
  (#eq? @_context "context"))
((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list . (string (string_content) @_service))) @aws-lambda
  (#resolves-to? @_fn "boto3.client")
  (#eq? @_service "lambda"))

((import_statement name: (dotted_name) @graphql)
  (#match? @graphql "^(graphene|strawberry|ariadne|graphene_django)(\\.|$)"))
((import_from_statement module_name: (dotted_name) @graphql)
  (#match? @graphql "^(graphene|strawberry|ariadne|graphene_django)(\\.|$)"))
((call function: [(identifier) (attribute)] @vector-db)
  (#resolves-to? @vector-db "pymilvus.*" "chromadb.*" "faiss.*" "qdrant_client.*" "pgvector.*" "pinecone.*"))
((call function: [(identifier) (attribute)] @graphql)
  (#resolves-to? @graphql "graphene.*" "strawberry.*" "ariadne.*" "graphene_django.*"))
((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @graphql
  (#resolves-to? @_name "strawberry.*" "graphene.*" "ariadne.*"))
((decorator [(identifier) (attribute)] @_name) @graphql
  (#resolves-to? @_name "strawberry.*" "graphene.*" "ariadne.*"))
((class_definition
   name: (identifier) @graphql
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "graphene.*" "graphene_django.*"))
