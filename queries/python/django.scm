; Django beyond the ORM basics: relations, migrations, expressions, transactions, signals,
; middleware, settings, views, URLs, admin, CSRF, auth, JSON, raw SQL, uniqueness, indexes,
; files and the cache framework.

((call function: [(identifier) (attribute)] @django-relationship)
  (#resolves-to? @django-relationship
    "django.db.models.ForeignKey" "django.db.models.OneToOneField" "django.db.models.ManyToManyField"))

((class_definition
   name: (identifier) @django-migration
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "django.db.migrations.Migration"))
((call function: (attribute) @django-migration)
  (#resolves-match? @django-migration "^django\\.db\\.migrations\\.[A-Z][A-Za-z]+$"))

((call function: [(identifier) (attribute)] @f-q-expressions)
  (#resolves-to? @f-q-expressions "django.db.models.F" "django.db.models.Q"
    "django.db.models.expressions.F" "django.db.models.query_utils.Q"))

((call function: [(identifier) (attribute)] @transaction)
  (#resolves-to? @transaction "django.db.transaction.atomic" "django.db.transaction.on_commit"))
((decorator [(identifier) (attribute)] @_name) @transaction
  (#resolves-to? @_name "django.db.transaction.atomic"))
; Django ORM method names count in a module that uses Django, or on a manager or queryset.
((call function: (attribute attribute: (identifier) @transaction))
  (#eq? @transaction "select_for_update")
  (#imports? "django"))
((call function: (attribute object: (_) @_recv attribute: (identifier) @transaction))
  (#eq? @transaction "select_for_update")
  (#set! check "queryset-receiver"))
((call function: (attribute object: (_) @_session attribute: (identifier) @_begin) @transaction)
  (#eq? @_begin "begin")
  (#match? @_session "(?i)session$")
  (#imports? "sqlalchemy"))

((decorator (call function: [(identifier) (attribute)] @_name)) @django-signals
  (#resolves-to? @_name "django.dispatch.receiver"))
((call function: (attribute object: (_) @_signal attribute: (identifier) @_connect) @django-signals)
  (#eq? @_connect "connect")
  (#resolves-to? @_signal "django.db.models.signals.*" "django.core.signals.*" "django.dispatch.Signal()"))
((identifier) @django-signals
  (#any-of? @django-signals "post_save" "pre_save" "pre_delete" "post_delete")
  (#resolves-to? @django-signals "django.db.models.signals.*")
  (#reference? @django-signals))

((class_definition body: (block)) @_class
  (#set! check "django-middleware-class"))
((class_definition
   name: (identifier) @django-middleware
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "django.utils.deprecation.MiddlewareMixin"))

; Settings: module-level assignments to the well-known names.
; Settings: module-level assignments to the well-known names, in a module with at least two of
; them (one `SECRET_KEY` alone is not a Django settings module).
((module) @_module
  (#set! check "django-settings"))
((expression_statement (assignment left: (identifier) @_name right: (true) @debug-true))
  (#eq? @_name "DEBUG")
  (#module-level? @_name))
((expression_statement (assignment left: (identifier) @django-middleware))
  (#eq? @django-middleware "MIDDLEWARE")
  (#module-level? @django-middleware))

((function_definition) @_def
  (#set! check "django-view-function"))
((class_definition
   name: (identifier) @django-views
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "django.views.View" "django.views.generic.*" "django.views.generic.base.*"
    "django.views.generic.edit.*" "django.views.generic.list.*" "django.views.generic.detail.*"))

((call function: [(identifier) (attribute)] @django-urls)
  (#resolves-to? @django-urls "django.urls.path" "django.urls.re_path" "django.urls.include"
    "django.conf.urls.include" "django.conf.urls.url"))
((expression_statement (assignment left: (identifier) @django-urls))
  (#eq? @django-urls "urlpatterns")
  (#module-level? @django-urls))

((call function: (attribute) @django-admin)
  (#resolves-to? @django-admin "django.contrib.admin.site.register"))
((decorator (call function: [(identifier) (attribute)] @_name)) @django-admin
  (#resolves-to? @_name "django.contrib.admin.register"))
((class_definition
   name: (identifier) @django-admin
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "django.contrib.admin.ModelAdmin" "django.contrib.admin.options.ModelAdmin"))

((decorator [(identifier) (attribute)] @_name) @csrf
  (#resolves-to? @_name "django.views.decorators.csrf.*"))
((string (string_content) @csrf)
  (#match? @csrf "CsrfViewMiddleware$"))
((decorator [(identifier) (attribute)] @_name) @csrf-exempt
  (#resolves-to? @_name "django.views.decorators.csrf.csrf_exempt"))
((call function: [(identifier) (attribute)] @_name) @csrf-exempt
  (#resolves-to? @_name "django.views.decorators.csrf.csrf_exempt"))

((call function: [(identifier) (attribute)] @generic-relations)
  (#resolves-to? @generic-relations
    "django.contrib.contenttypes.fields.GenericForeignKey" "django.contrib.contenttypes.fields.GenericRelation"))
((attribute object: (identifier) @_ct) @generic-relations
  (#resolves-to? @_ct "django.contrib.contenttypes.models.ContentType"))

((call function: [(identifier) (attribute)] @django-auth)
  (#resolves-to? @django-auth
    "django.contrib.auth.authenticate" "django.contrib.auth.login" "django.contrib.auth.logout"
    "django.contrib.auth.get_user_model"))
((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @django-auth
  (#resolves-to? @_name "django.contrib.auth.decorators.login_required"))
((decorator [(identifier) (attribute)] @_name) @django-auth
  (#resolves-to? @_name "django.contrib.auth.decorators.login_required"
    "django.contrib.auth.decorators.permission_required"))
((class_definition superclasses: (argument_list [(identifier) (attribute)] @django-auth))
  (#resolves-to? @django-auth "django.contrib.auth.mixins.*"))
((import_from_statement module_name: (dotted_name) @django-auth)
  (#match? @django-auth "^django\\.contrib\\.auth(\\.|$)"))

((call function: [(identifier) (attribute)] @json-response)
  (#resolves-to? @json-response "django.http.JsonResponse" "django.http.response.JsonResponse"))
((call
   function: [(identifier) (attribute)] @_loads
   arguments: (argument_list . (attribute object: (identifier) @_req attribute: (identifier) @_body))) @json-response
  (#resolves-to? @_loads "json.loads")
  (#eq? @_req "request")
  (#eq? @_body "body"))

; Raw SQL: a DB-API cursor, Model.objects.raw()/extra(), SQLAlchemy text().
((call function: [(identifier) (attribute)] @raw-sql)
  (#resolves-to? @raw-sql "django.db.connection.cursor" "sqlalchemy.text" "sqlalchemy.sql.text"
    "sqlalchemy.sql.expression.text"))
((call function: (attribute object: (_) @_cursor attribute: (identifier) @_execute) @raw-sql)
  (#any-of? @_execute "execute" "executemany")
  (#match? @_cursor "(?i)(^|[._])cur(sor)?$"))
((call function: (attribute object: (_) @_cursor attribute: (identifier) @_execute) @raw-sql)
  (#any-of? @_execute "execute" "executemany")
  (#not-match? @_cursor "(?i)(^|[._])cur(sor)?$")
  (#resolves-match? @_cursor "\\.cursor\\(\\)$"))
((call function: (attribute object: (_) @_recv attribute: (identifier) @raw-sql))
  (#any-of? @raw-sql "raw" "extra")
  (#set! check "queryset-receiver"))

; SQL built by formatting and handed to execute/raw/text: the query argument, followed through
; a local variable.
((call
   function: [(attribute attribute: (identifier) @_method) (identifier) @_method] @_fn
   arguments: (argument_list . (_) @_query))
  (#any-of? @_method "execute" "executemany" "raw" "text" "extra")
  (#set! check "sql-injection"))

; A string literal handed to execute/executemany/raw/text is SQL: the SQL rules run inside it
; (`concepts/embedded.rs` decides which receivers run SQL and what of the string it can see).
((call
   function: [(attribute attribute: (identifier) @_method) (identifier) @_method] @_fn
   arguments: (argument_list . (_) @_query))
  (#any-of? @_method "execute" "executemany" "raw" "text")
  (#set! check "embedded-sql"))

((call function: (attribute attribute: (identifier) @idempotency))
  (#any-of? @idempotency "get_or_create" "update_or_create")
  (#imports? "django"))
((call function: (attribute object: (_) @_recv attribute: (identifier) @idempotency))
  (#any-of? @idempotency "get_or_create" "update_or_create")
  (#set! check "queryset-receiver"))
((call
   function: [(identifier) (attribute)] @_field
   arguments: (argument_list (keyword_argument name: (identifier) @_kw value: (true)) @idempotency))
  (#eq? @_kw "unique")
  (#resolves-match? @_field "^(django\\.db\\.models\\..+|sqlalchemy(\\..+)?\\.(Column|mapped_column))$"))
((call function: [(identifier) (attribute)] @idempotency)
  (#resolves-to? @idempotency "django.db.models.UniqueConstraint" "sqlalchemy.UniqueConstraint"))
((string (string_content) @idempotency)
  (#match? @idempotency "(?i)^(http_)?idempotency[-_]key$"))

((call
   function: [(identifier) (attribute)] @_field
   arguments: (argument_list (keyword_argument name: (identifier) @_kw value: (true)) @db-index))
  (#any-of? @_kw "db_index" "index")
  (#resolves-match? @_field "^(django\\.db\\.models\\..+|sqlalchemy(\\..+)?\\.(Column|mapped_column))$"))
((call function: [(identifier) (attribute)] @db-index)
  (#resolves-to? @db-index "django.db.models.Index" "sqlalchemy.Index"))
((class_definition
   name: (identifier) @_meta
   body: (block (expression_statement (assignment left: (identifier) @db-index))))
  (#eq? @_meta "Meta")
  (#eq? @db-index "indexes"))

((call function: [(identifier) (attribute)] @file-storage)
  (#resolves-to? @file-storage "django.db.models.FileField" "django.db.models.ImageField"))
((expression_statement (assignment left: (identifier) @file-storage))
  (#any-of? @file-storage "STORAGES" "DEFAULT_FILE_STORAGE" "STATICFILES_STORAGE")
  (#module-level? @file-storage))
((call
   function: [(identifier) (attribute)] @_fn
   arguments: (argument_list . (string (string_content) @_service))) @file-storage
  (#resolves-to? @_fn "boto3.client" "boto3.resource" "boto3.session.Session().client" "boto3.Session().client")
  (#eq? @_service "s3"))
((call function: (attribute) @file-storage)
  (#resolves-match? @file-storage
    "^boto3\\.(client|resource)\\(\\)\\.(upload_file|upload_fileobj|download_file|download_fileobj|put_object|get_object|delete_object|generate_presigned_url|generate_presigned_post|list_objects_v2|Bucket|Object)$"))

((call function: (attribute) @django-cache)
  (#resolves-to? @django-cache
    "django.core.cache.cache.get" "django.core.cache.cache.set" "django.core.cache.cache.add"
    "django.core.cache.cache.get_or_set" "django.core.cache.cache.delete" "django.core.cache.cache.get_many"
    "django.core.cache.cache.set_many" "django.core.cache.cache.delete_many" "django.core.cache.cache.incr"
    "django.core.cache.cache.touch"))
((decorator (call function: [(identifier) (attribute)] @_name)) @django-cache
  (#resolves-to? @_name "django.views.decorators.cache.cache_page"))
((call function: [(identifier) (attribute)] @django-cache)
  (#resolves-to? @django-cache "django.views.decorators.cache.cache_page"))
((expression_statement (assignment left: (identifier) @django-cache))
  (#eq? @django-cache "CACHES")
  (#module-level? @django-cache))
