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
---@field workspace? boolean
---@field minutes? number
---@field count? number
---@field mode? string

---@class interview_prep.NoArgs

---@class interview_prep.ExplainArgs
---@field concept? string
---@field entry? string

---@class interview_prep.HideInProjectArgs
---@field concept string
---@field uri string

---@class interview_prep.ProgressChanged
---@field reason string
---@field summary? interview_prep.ProgressSummary

---@class interview_prep.QuizState
---@field session number
---@field index number
---@field total number
---@field stage string
---@field mode string
---@field about string
---@field lead? string
---@field question string
---@field entry string
---@field entryLink? string
---@field code? interview_prep.CodeRef
---@field choices string[]
---@field answer? string
---@field correct? boolean
---@field picked? number
---@field right? number
---@field written? string
---@field points interview_prep.PointState[]
---@field proposed? number
---@field trimmed boolean
---@field followUp? string
---@field ratings string[]
---@field notice? string
---@field summary? string
---@field report? string
---@field answered number
---@field recalled number

---@class interview_prep.QuizReplyParams
---@field session number
---@field action string
---@field value? number
---@field text? string

---@class interview_prep.ConceptsParams
---@field scope string
---@field uri? string

---@class interview_prep.ProgressReportParams
---@field nonce? string

---@class interview_prep.TopicProgress
---@field topic string
---@field title string
---@field mastery number
---@field due number
---@field reviewed number
---@field entries number

---@class interview_prep.DayCount
---@field date string
---@field count number

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
---@field forecast interview_prep.DayCount[]
---@field readyBy? interview_prep.ReadyBy

---@class interview_prep.CodeRef
---@field path string
---@field line number
---@field text string
---@field uri? string

---@class interview_prep.PointState
---@field text string
---@field hit boolean

---@class interview_prep.Occurrence
---@field uri string
---@field path string
---@field range lsp.Range
---@field text string

---@class interview_prep.ConceptGroup
---@field concept string
---@field title string
---@field kind string
---@field topic string
---@field topicTitle string
---@field status? string
---@field entry? string
---@field count number
---@field occurrences interview_prep.Occurrence[]

---@class interview_prep.ConceptsResult
---@field concepts interview_prep.ConceptGroup[]
---@field files number
---@field truncated boolean

---@class interview_prep.ProgressReport
---@field html string

return {
  commands = {
    quiz_file = 'interview-prep.quizFile',
    quiz_range = 'interview-prep.quizRange',
    quiz_concept = 'interview-prep.quizConcept',
    quiz_due = 'interview-prep.quizDue',
    mock_interview = 'interview-prep.mockInterview',
    progress_summary = 'interview-prep.progressSummary',
    explain = 'interview-prep.explain',
    hide_in_project = 'interview-prep.hideInProject',
  },
  notifications = {
    progress_changed = 'interview-prep/progressChanged',
    quiz = 'interview-prep/quiz',
  },
  requests = {
    quiz_reply = 'interview-prep/quizReply',
    concepts = 'interview-prep/concepts',
    progress_report = 'interview-prep/progressReport',
  },
  quiz_panel_capability = 'quizPanel',
  quiz_answers_capability = 'quizAnswers',
}
