; A Kubernetes manifest is read document by document (`infra/kubernetes.rs`): the kind of each
; object, the update strategy, and what each container of a pod template lacks or allows.

((stream) @_file
  (#set! check "kubernetes"))
