"""hoidap: hỏi đáp có trích dẫn trên báo cáo của tỉnh / cited QA over provincial reports."""

__version__ = "0.1.0"
