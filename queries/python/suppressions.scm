; Suppression comments: `# interview-prep: ignore[id, ...]` on a line, or
; `# interview-prep: ignore-file[id, ...]` anywhere in the file (by convention near the top).

((comment) @_comment
  (#match? @_comment "interview-prep:\\s*ignore")
  (#set! check "suppression"))
