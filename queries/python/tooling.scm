; Tooling around the code: logging, debuggers, profilers, tests, configuration and secrets.

((call function: (attribute) @logging)
  (#resolves-to? @logging
    "logging.getLogger" "logging.basicConfig"
    "logging.debug" "logging.info" "logging.warning" "logging.error" "logging.exception" "logging.critical"
    "logging.getLogger().debug" "logging.getLogger().info" "logging.getLogger().warning"
    "logging.getLogger().error" "logging.getLogger().exception" "logging.getLogger().critical"))
((call function: (identifier) @logging)
  (#resolves-to? @logging "logging.getLogger" "logging.basicConfig"))

((call function: [(identifier) (attribute)] @_fn) @debugger
  (#resolves-to? @_fn "pdb.set_trace" "ipdb.set_trace" "builtins.breakpoint"))
((call function: (identifier) @_fn) @debugger
  (#eq? @_fn "breakpoint")
  (#resolves-to? @_fn "builtins.breakpoint"))

((call function: [(identifier) (attribute)] @profiling)
  (#resolves-to? @profiling "cProfile.*" "profile.*" "pstats.*" "timeit.*" "line_profiler.*" "memory_profiler.*"))
((decorator [(identifier) (attribute)] @_name) @profiling
  (#resolves-to? @_name "memory_profiler.profile" "line_profiler.profile"))

; A test case class (also through a base class of the file), once: not again on each of its
; test methods.
((class_definition
   name: (identifier) @unit-testing
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base
    "unittest.TestCase" "unittest.IsolatedAsyncioTestCase"
    "django.test.TestCase" "django.test.TransactionTestCase" "django.test.SimpleTestCase"
    "django.test.LiveServerTestCase"
    "rest_framework.test.APITestCase" "rest_framework.test.APITransactionTestCase"
    "rest_framework.test.APISimpleTestCase"))
; A module-level pytest test function (a test method belongs to its class's finding).
((function_definition name: (identifier) @unit-testing) @_def
  (#match? @unit-testing "^test_")
  (#module-level? @_def))
((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @unit-testing
  (#resolves-to? @_name "pytest.fixture"))
((decorator [(identifier) (attribute)] @_name) @unit-testing
  (#resolves-to? @_name "pytest.fixture"))

((subscript value: (attribute) @environment-config)
  (#resolves-to? @environment-config "os.environ"))
((call function: [(identifier) (attribute)] @environment-config)
  (#resolves-to? @environment-config
    "os.environ.get" "os.getenv" "decouple.config" "environ.Env" "dotenv.load_dotenv"))

; SECRET_KEY = "..." at module or class level, and password="..." keyword arguments.
; Not in tests (test constants and fixtures), not a template or filler placeholder.
((expression_statement
   (assignment
     left: (identifier) @_name
     right: (string (string_content)) @hardcoded-secret))
  (#match? @_name "(?i)(^|_)(secret|secret_key|password|passwd|api_key|access_key|private_key|token)$")
  (#not-in-function? @_name)
  (#not-in-test? @_name)
  (#not-placeholder? @hardcoded-secret))
((keyword_argument
   name: (identifier) @_name
   value: (string (string_content)) @hardcoded-secret)
  (#match? @_name "(?i)(^|_)(secret|secret_key|password|passwd|api_key|access_key|private_key|token)$")
  (#not-in-test? @hardcoded-secret)
  (#not-placeholder? @hardcoded-secret))
