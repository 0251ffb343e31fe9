; Concurrency: async/await, the event loop, blocking calls in coroutines, threads and processes.

(function_definition "async" @async-await)
(await "await" @async-await)
(with_statement "async" @async-await)
(for_statement "async" @async-await)

((call function: [(identifier) (attribute)] @event-loop)
  (#resolves-to? @event-loop
    "asyncio.run" "asyncio.get_event_loop" "asyncio.new_event_loop" "asyncio.get_running_loop"
    "asyncio.gather" "asyncio.create_task"))
((call function: (attribute attribute: (identifier) @event-loop))
  (#eq? @event-loop "run_until_complete")
  (#imports? "asyncio" "uvloop"))

((call function: [(identifier) (attribute)] @_fn) @blocking-call-in-async
  (#resolves-to? @_fn
    "time.sleep" "requests.get" "requests.post" "requests.put" "requests.patch" "requests.delete"
    "requests.request" "urllib.request.urlopen" "subprocess.run")
  (#in-async-def? @_fn))

((call function: [(identifier) (attribute)] @threading)
  (#resolves-to? @threading
    "threading.Thread" "threading.Lock" "threading.RLock" "threading.Event"
    "concurrent.futures.ThreadPoolExecutor"))
((class_definition superclasses: (argument_list [(identifier) (attribute)] @threading))
  (#resolves-to? @threading "threading.Thread"))

((call function: [(identifier) (attribute)] @multiprocessing)
  (#resolves-to? @multiprocessing
    "multiprocessing.Process" "multiprocessing.Pool" "multiprocessing.Queue"
    "concurrent.futures.ProcessPoolExecutor"))
((class_definition superclasses: (argument_list [(identifier) (attribute)] @multiprocessing))
  (#resolves-to? @multiprocessing "multiprocessing.Process"))

; Structured concurrency: a task group waits for its tasks and cancels the rest when one fails.
((call function: [(identifier) (attribute)] @task-group)
  (#resolves-to? @task-group "asyncio.TaskGroup" "asyncio.taskgroups.TaskGroup" "anyio.create_task_group"
    "trio.open_nursery"))
