"""Tests of the practice center's queue process (democenter.acd*)."""
