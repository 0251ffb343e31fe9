--- The server ↔ editor protocol beyond LSP. Generated from server/src/lsp/ext.rs; do not edit.
--- `UPDATE_EXPECT=1 cargo test -p interview-prep --lib protocol` rewrites it.

---@class interview_prep.QuizFileArgs
---@field uri string
---@field count? number
---@field mode? string

---@class interview_prep.QuizRangeArgs
---@field uri string
---@field version? number
---@field range lsp.Range
---@field concepts string[]
---@field count? number
---@field mode? string

---@class interview_prep.QuizConceptArgs
---@field concept string
---@field uri? string
---@field range? lsp.Range
---@field count? number
---@field mode? string

---@class interview_prep.QuizDueArgs
---@field count? number
---@field mode? string

---@class interview_prep.MockInterviewArgs
---@field topic? string
---@field count? number
---@field mode? string

---@class interview_prep.NoArgs

---@class interview_prep.ExplainArgs
---@field concept? string
---@field entry? string

---@class interview_prep.ProgressChanged
---@field reason string
---@field summary? interview_prep.ProgressSummary

---@class interview_prep.TopicProgress
---@field topic string
---@field title string
---@field mastery number
---@field due number

---@class interview_prep.ReadyBy
---@field date string
---@field recalled number
---@field total number

---@class interview_prep.ProgressSummary
---@field due number
---@field cards number
---@field reviewedToday number
---@field streak number
---@field topics interview_prep.TopicProgress[]
---@field readyBy? interview_prep.ReadyBy

return {
  commands = {
    quiz_file = 'interview-prep.quizFile',
    quiz_range = 'interview-prep.quizRange',
    quiz_concept = 'interview-prep.quizConcept',
    quiz_due = 'interview-prep.quizDue',
    mock_interview = 'interview-prep.mockInterview',
    progress_summary = 'interview-prep.progressSummary',
    explain = 'interview-prep.explain',
  },
  notifications = {
    progress_changed = 'interview-prep/progressChanged',
  },
}
