"""Charts in one house style; every function returns a matplotlib Figure."""

from .checks import plot_assessment_check, plot_measurability
from .fulfilment import plot_fulfilment, plot_fulfilment_over_time
from .matrix import plot_goal_matrix
from .peers import plot_peer_comparison
from .save import save_figure
from .style import FULL_SLIDE, HALF_SLIDE, alt_text, house_style, palette
from .trend import plot_trend, plot_trends

__all__ = ["FULL_SLIDE", "HALF_SLIDE", "alt_text", "house_style", "palette",
           "plot_assessment_check", "plot_fulfilment", "plot_fulfilment_over_time",
           "plot_goal_matrix", "plot_measurability", "plot_peer_comparison", "plot_trend",
           "plot_trends", "save_figure"]
