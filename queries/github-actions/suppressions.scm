; Suppression comments: `# interview-prep: ignore[id, ...]` on a line (or alone on the line
; above), or `# interview-prep: ignore-file[id, ...]` anywhere in the file.

((comment) @_comment
  (#match? @_comment "interview-prep:\\s*ignore")
  (#set! check "suppression"))
