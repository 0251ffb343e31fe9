# concepts: django-forms, custom-manager, orm-window-function, full-text-search
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import Rank, RowNumber


class ContactForm(forms.Form):
#     ^^^^^^^^^^^ django-forms
    email = forms.EmailField()
    message = forms.CharField(widget=forms.Textarea)

    def clean_email(self):
#       ^^^^^^^^^^^ django-forms
        return self.cleaned_data["email"].lower()

    def clean(self):
#       ^^^^^ django-forms
        cleaned = super().clean()
        return cleaned

    def cleanup_cache(self):
#       ^^^^^^^^^^^^^ !django-forms
        pass


class OrderForm(forms.ModelForm):
#     ^^^^^^^^^ django-forms
    class Meta:
#         ^^^^ !django-forms
        model = None
        fields = ["quantity"]


class Cleaner:
#     ^^^^^^^ !django-forms
    def clean(self):
#       ^^^^^ !django-forms
        return None


LineFormSet = forms.formset_factory(ContactForm, extra=2)
#             ^^^^^^^^^^^^^^^^^^^^^ django-forms


class PublishedQuerySet(models.QuerySet):
#     ^^^^^^^^^^^^^^^^^ custom-manager
    def published(self):
        return self.filter(status="published")


class ArticleManager(models.Manager):
#     ^^^^^^^^^^^^^^ custom-manager
    def get_queryset(self):
        return super().get_queryset().filter(deleted=False)


class Article(models.Model):
#     ^^^^^^^ !custom-manager
    title = models.CharField(max_length=200)
    body = models.TextField()
    category = models.CharField(max_length=50)
    views = models.IntegerField(default=0)

    objects = ArticleManager()
#             ^^^^^^^^^^^^^^ !custom-manager
    published = PublishedQuerySet.as_manager()
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ custom-manager
    both = ArticleManager.from_queryset(PublishedQuerySet)()
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ custom-manager


def ranked_articles():
    return Article.objects.annotate(
        rank=Window(expression=Rank(), partition_by=F("category"), order_by=F("views").desc()),
#            ^^^^^^ orm-window-function
#                              ^^^^ orm-window-function
        row=Window(expression=RowNumber(), order_by="-views"),
#           ^^^^^^ orm-window-function
#                             ^^^^^^^^^ orm-window-function
    )


def layout():
    class Window:
#         ^^^^^^ !orm-window-function
        def __init__(self, width):
            self.width = width

    return Window(800)
#          ^^^^^^ !orm-window-function


def search(term):
    vector = SearchVector("title", weight="A") + SearchVector("body", weight="B")
#            ^^^^^^^^^^^^ full-text-search
#                                                ^^^^^^^^^^^^ full-text-search
    query = SearchQuery(term)
#           ^^^^^^^^^^^ full-text-search
    return (
        Article.objects.annotate(rank=SearchRank(vector, query))
#                                     ^^^^^^^^^^ full-text-search
        .filter(rank__gte=0.3, title__icontains=term)
#                              ^^^^^^^^^^^^^^^^ !full-text-search
        .order_by("-rank")
    )


def quick_search(term):
    return Article.objects.filter(body__search=term)
#                                 ^^^^^^^^^^^^ full-text-search


def local_search(search_index, term):
    return search_index.search(term)
#          ^^^^^^^^^^^^^^^^^^^ !full-text-search
