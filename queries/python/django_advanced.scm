; Django beyond models and views: forms and their validation, custom managers and querysets,
; window functions and PostgreSQL full-text search.

((class_definition
   name: (identifier) @django-forms
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "django.forms.Form" "django.forms.ModelForm" "django.forms.BaseForm"
    "django.forms.BaseModelForm" "django.forms.forms.Form" "django.forms.forms.BaseForm"
    "django.forms.models.ModelForm" "django.forms.models.BaseModelForm"
    "django.contrib.auth.forms.UserCreationForm" "django.contrib.auth.forms.BaseUserCreationForm"
    "django.contrib.auth.forms.UserChangeForm" "django.contrib.auth.forms.AuthenticationForm"
    "django.contrib.auth.forms.PasswordResetForm" "django.contrib.auth.forms.SetPasswordForm"
    "django.contrib.auth.forms.PasswordChangeForm"))
; clean() and clean_<field>() of such a form: where its validation lives.
((class_definition
   superclasses: (argument_list [(identifier) (attribute)] @_base)
   body: (block [(function_definition name: (identifier) @django-forms)
                 (decorated_definition definition: (function_definition name: (identifier) @django-forms))]))
  (#match? @django-forms "^clean(_[a-z0-9_]+)?$")
  (#derives-from? @_base "django.forms.Form" "django.forms.ModelForm" "django.forms.BaseForm"
    "django.forms.BaseModelForm" "django.forms.forms.Form" "django.forms.forms.BaseForm"
    "django.forms.models.ModelForm" "django.forms.models.BaseModelForm"
    "django.contrib.auth.forms.UserCreationForm" "django.contrib.auth.forms.BaseUserCreationForm"
    "django.contrib.auth.forms.UserChangeForm" "django.contrib.auth.forms.AuthenticationForm"
    "django.contrib.auth.forms.PasswordResetForm" "django.contrib.auth.forms.SetPasswordForm"
    "django.contrib.auth.forms.PasswordChangeForm"))
((call function: [(identifier) (attribute)] @django-forms)
  (#resolves-to? @django-forms "django.forms.formset_factory" "django.forms.modelformset_factory"
    "django.forms.inlineformset_factory" "django.forms.modelform_factory"
    "django.forms.formsets.formset_factory" "django.forms.models.modelformset_factory"
    "django.forms.models.inlineformset_factory" "django.forms.models.modelform_factory"))

((class_definition
   name: (identifier) @custom-manager
   superclasses: (argument_list [(identifier) (attribute)] @_base))
  (#derives-from? @_base "django.db.models.Manager" "django.db.models.QuerySet"
    "django.db.models.manager.Manager" "django.db.models.manager.BaseManager"
    "django.db.models.query.QuerySet" "django.contrib.auth.models.BaseUserManager"
    "django.contrib.auth.base_user.BaseUserManager" "django.contrib.auth.models.UserManager"))
((call function: (attribute attribute: (identifier) @_method) @custom-manager)
  (#any-of? @_method "as_manager" "from_queryset")
  (#imports? "django"))

((call function: [(identifier) (attribute)] @orm-window-function)
  (#resolves-to? @orm-window-function "django.db.models.Window" "django.db.models.expressions.Window"
    "django.db.models.RowRange" "django.db.models.ValueRange" "django.db.models.expressions.RowRange"
    "django.db.models.expressions.ValueRange" "django.db.models.functions.window.*"
    "django.db.models.functions.RowNumber" "django.db.models.functions.Rank"
    "django.db.models.functions.DenseRank" "django.db.models.functions.PercentRank"
    "django.db.models.functions.CumeDist" "django.db.models.functions.NTile"
    "django.db.models.functions.Lag" "django.db.models.functions.Lead"
    "django.db.models.functions.FirstValue" "django.db.models.functions.LastValue"
    "django.db.models.functions.NthValue"))

((call function: [(identifier) (attribute)] @full-text-search)
  (#resolves-to? @full-text-search "django.contrib.postgres.search.*"))
((keyword_argument name: (identifier) @full-text-search)
  (#match? @full-text-search "__search$")
  (#imports? "django"))
