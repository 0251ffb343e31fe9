# concepts: unit-testing, hardcoded-secret, naive-datetime
# A test module: its test case classes and pytest functions are marked once each, and the
# credentials it makes up (module constants, decorator arguments, values in tests) are test data.
import unittest
from datetime import datetime

import pytest
from django.test import TestCase, override_settings
from rest_framework.test import APITestCase

ACCESS_TOKEN = "acc3ss-t0k3n"
#              ^^^^^^^^^^^^^^ !hardcoded-secret


class OrderTests(TestCase):
#     ^^^^^^^^^^ unit-testing
    def test_total(self):
#       ^^^^^^^^^^ !unit-testing
        self.assertEqual(1, 1)


class ApiTests(APITestCase):
#     ^^^^^^^^ unit-testing
    pass


class LegacyTests(unittest.TestCase):
#     ^^^^^^^^^^^ unit-testing
    pass


@pytest.fixture
# <- unit-testing
def client():
    return None


def test_checkout(client):
#   ^^^^^^^^^^^^^ unit-testing
    assert client is None


class LoginTests(TestCase):
#     ^^^^^^^^^^ unit-testing
    def test_login(self):
#       ^^^^^^^^^^ !unit-testing
        self.client.login(username="alice", password="not-a-real-secret")
#                                                    ^^^^^^^^^^^^^^^^^^^ !hardcoded-secret


class CheckoutBase(TestCase):
#     ^^^^^^^^^^^^ unit-testing
    pass


class CheckoutFlow(CheckoutBase):
#     ^^^^^^^^^^^^ unit-testing
    # A test case through a base class of the file: its constants are test data.
    PASSWORD = "password"
#              ^^^^^^^^^^ !hardcoded-secret

    def test_pays(self):
#       ^^^^^^^^^ !unit-testing
        self.client.login(username="bob", password="pw-for-tests")
#                                                  ^^^^^^^^^^^^^^ !hardcoded-secret


class TestPlainPytest:
    def test_method(self):
#       ^^^^^^^^^^^ !unit-testing
        assert True


@pytest.mark.django_db
def test_decorated(db):
#   ^^^^^^^^^^^^^^ unit-testing
    assert db


@override_settings(API_KEY="k3y-for-tests")
#                           ^^^^^^^^^^^^^^^ !hardcoded-secret
def test_with_settings(settings):
#   ^^^^^^^^^^^^^^^^^^ unit-testing
    assert settings.API_KEY == ACCESS_TOKEN


def test_stamp_with_a_local_clock():
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unit-testing
    # A test builds a naive datetime on purpose.
    assert datetime.now() is not None
#          ^^^^^^^^^^^^ !naive-datetime
