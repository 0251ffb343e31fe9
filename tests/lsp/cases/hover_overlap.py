# request: hover
import pickle


def restore(blob):
    return ("📦", pick$0le.loads(blob))
