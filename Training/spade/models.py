"""The public model API: generator, encoder and the input encoding they take."""

from .encoder import ConvEncoder
from .generator import SPADEGenerator
from .labels import labels_to_input
from .resnet_block import SPADEResnetBlock
from .spade_layer import SPADE

__all__ = ["SPADE", "SPADEResnetBlock", "SPADEGenerator", "ConvEncoder", "labels_to_input"]
