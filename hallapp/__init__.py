"""hallapp: the counter application for township service halls (乡镇便民服务中心)."""

__version__ = "0.1.0"
