"""Every piece of interface text, Vietnamese first, in one table.

Officials read the chat in Vietnamese; English is one switch away for partners. Keeping
the words here (not scattered through the layout code) lets a reviewer check both
languages side by side and lets tests assert that no key is missing in either.

>>> text("vi", "send")
'Hỏi'
>>> text("en", "send")
'Ask'
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

EXAMPLES: tuple[str, ...] = (
    "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
    "Lạng Sơn đã thành lập bao nhiêu Tổ COVID cộng đồng?",
    "Bắc Giang ghi nhận bao nhiêu ca F0 trong đợt dịch thứ 4?",
    "Cà Mau đã xét nghiệm PCR bao nhiêu mẫu?",
)

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Hỏi đáp văn bản của tỉnh",
        "subtitle": "Mỗi câu trả lời kèm trích dẫn [1] tới đúng đoạn, mục và ngày của văn bản.",
        "language": "Ngôn ngữ",
        "chat": "Hỏi đáp",
        "question": "Câu hỏi",
        "placeholder": "Ví dụ: Cà Mau đã tiêm vắc xin cho bao nhiêu người?",
        "send": "Hỏi",
        "new_chat": "Cuộc trò chuyện mới",
        "examples": "Câu hỏi mẫu",
        "filters": "Bộ lọc",
        "province": "Tỉnh",
        "report": "Báo cáo",
        "doc_kind": "Loại văn bản",
        "issued_from": "Ban hành từ ngày",
        "issued_to": "Ban hành đến ngày",
        "date_placeholder": "ngày/tháng/năm, ví dụ 01/11/2025",
        "all": "Tất cả",
        "sources": "Nguồn trích dẫn",
        "sources_empty": "Các đoạn được trích dẫn sẽ hiện ở đây, với câu trích được tô sáng.",
        "not_found": "Không tìm thấy thông tin này trong các báo cáo.",
        "confidence": "Độ tin cậy",
        "confidence_high": "cao",
        "confidence_medium": "trung bình",
        "confidence_low": "thấp",
        "closest": "Các đoạn gần nhất",
        "closest_candidate": "Câu gần nhất — chưa khẳng định, cần kiểm tra",
        "no_passages": "Không có đoạn nào gần với câu hỏi.",
        "see_sources": "Xem các đoạn gần nhất ở khung Nguồn.",
        "report_date": "Ngày báo cáo",
        "date_unknown": "không ghi ngày",
        "as_of": "số liệu đến",
        "as_of_label": "Số liệu đến",
        "section": "Mục",
        "lines": "Dòng",
        "page": "Trang",
        "file": "Tệp",
        "number": "Số",
        "province_2025": "từ 2025",
        "quote_not_in_passage": "Câu trích (không khớp nguyên văn với đoạn):",
        "feedback": "Câu trả lời cuối có đúng không?",
        "correct": "✓ Đúng",
        "wrong": "✗ Sai",
        "comment": "Góp ý (không bắt buộc)",
        "comment_placeholder": "Ví dụ: số liệu đúng là …",
        "feedback_saved": "Đã ghi nhận góp ý. Cảm ơn!",
        "feedback_nothing": "Chưa có câu trả lời nào để đánh giá.",
        "feedback_failed": "Chưa lưu được góp ý ({reason}). Hãy báo quản trị viên; nội dung góp ý "
        "vẫn còn trong ô.",
        "admin": "Thêm báo cáo (quản trị)",
        "upload": "Tệp báo cáo (.md, .txt, .pdf, .docx)",
        "token": "Mã quản trị",
        "add_report": "Thêm vào chỉ mục",
        "upload_disabled": (
            "Chức năng thêm báo cáo đang tắt: hãy đặt biến môi trường HOIDAP_TOKEN "
            "(hoặc `token` trong hoidap.toml) rồi khởi động lại `hoidap serve`."
        ),
        "upload_no_file": "Chưa chọn tệp.",
        "upload_bad_token": "Sai mã quản trị.",
        "upload_bad_type": "Chỉ nhận tệp .md, .txt, .pdf, .docx: {name}",
        "upload_old_office": "Chưa đọc được tệp {name}: hãy mở bằng Word (Excel, LibreOffice) rồi "
        "Lưu thành (Save As) .docx hoặc .pdf và tải tệp đó lên.",
        "upload_failed": "Không thêm được báo cáo, chỉ mục giữ nguyên. Lý do: {reason}",
        "upload_ok": "Đã thêm: {title} ({province}, {date}) từ tệp {source}.",
        "upload_unread": "Chưa đọc được trang {pages}: đó là bản quét và máy chủ chưa cài OCR "
        "(Tesseract với mô hình tiếng Việt); các trang khác đã được thêm.",
        "error": "Lỗi: {reason}",
        "empty_question": "Hãy nhập câu hỏi.",
        "too_long": "Câu hỏi quá dài (tối đa {limit} ký tự).",
        "no_words": "Câu hỏi chưa có chữ nào; hãy nhập câu hỏi bằng chữ.",
        "thinking": "Đang tìm trong các báo cáo…",
        "open_report": "Xem trong báo cáo ↗",
        "kind": "Loại văn bản",
        "issuer": "Cơ quan ban hành",
        "period": "Kỳ báo cáo",
        "signer": "Người ký",
        "period_result": "Kết quả đến",
        "period_plan": "Giai đoạn kế hoạch",
        "period_deadline": "Thời hạn",
        "viewer_back": "← Quay lại hỏi đáp",
        "viewer_meta": "Thông tin văn bản",
        "viewer_outline": "Mục lục",
        "viewer_no_outline": "Báo cáo không có mục đánh số.",
        "viewer_text": "Toàn văn",
        "viewer_no_text": "Không đọc được tệp gốc của báo cáo này.",
        "viewer_from_passages": (
            "Tệp gốc không còn trong thư mục báo cáo; nội dung dưới đây ghép từ các đoạn đã lập "
            "chỉ mục."
        ),
        "viewer_changed": (
            "Tệp gốc đã bị sửa sau khi lập chỉ mục (chạy hoidap index để cập nhật); nội dung dưới "
            "đây ghép từ các đoạn đã lập chỉ mục, đúng với các trích dẫn."
        ),
        "viewer_not_found": "Không có báo cáo {name} trong chỉ mục",
        "api_docs": "API",
    },
    "en": {
        "title": "Provincial documents Q&A",
        "subtitle": "Every answer cites [1] the exact passage, section and date of its document.",
        "language": "Language",
        "chat": "Chat",
        "question": "Question",
        "placeholder": "E.g. How many people had Cà Mau vaccinated?",
        "send": "Ask",
        "new_chat": "New chat",
        "examples": "Example questions",
        "filters": "Filters",
        "province": "Province",
        "report": "Report",
        "doc_kind": "Document type",
        "issued_from": "Issued from",
        "issued_to": "Issued until",
        "date_placeholder": "day/month/year, e.g. 01/11/2025",
        "all": "All",
        "sources": "Cited sources",
        "sources_empty": "Cited passages appear here, with the quoted sentence highlighted.",
        "not_found": "The reports do not contain this information.",
        "confidence": "Confidence",
        "confidence_high": "high",
        "confidence_medium": "medium",
        "confidence_low": "low",
        "closest": "Closest passages",
        "closest_candidate": "Closest sentence — not asserted, please check",
        "no_passages": "No passage is close to the question.",
        "see_sources": "The closest passages are in the Sources panel.",
        "report_date": "Report date",
        "date_unknown": "undated",
        "as_of": "figures as of",
        "as_of_label": "Figures as of",
        "section": "Section",
        "lines": "Lines",
        "page": "Page",
        "file": "File",
        "number": "No.",
        "province_2025": "since 2025",
        "quote_not_in_passage": "Quote (not verbatim in the passage):",
        "feedback": "Was the last answer right?",
        "correct": "✓ Right",
        "wrong": "✗ Wrong",
        "comment": "Comment (optional)",
        "comment_placeholder": "E.g. the right figure is …",
        "feedback_saved": "Feedback saved. Thank you!",
        "feedback_nothing": "There is no answer to rate yet.",
        "feedback_failed": "The feedback was not saved ({reason}). Please tell the administrator; "
        "your comment is still in the box.",
        "admin": "Add a report (admin)",
        "upload": "Report file (.md, .txt, .pdf, .docx)",
        "token": "Admin token",
        "add_report": "Add to the index",
        "upload_disabled": (
            "Adding reports is disabled: set the HOIDAP_TOKEN environment variable "
            "(or `token` in hoidap.toml) and restart `hoidap serve`."
        ),
        "upload_no_file": "No file chosen.",
        "upload_bad_token": "Wrong admin token.",
        "upload_bad_type": "Only .md, .txt, .pdf, .docx files are accepted: {name}",
        "upload_old_office": "{name} cannot be read: open it in Word (Excel, LibreOffice), save "
        "it as .docx or .pdf and upload that file.",
        "upload_failed": "The report was not added; the index is unchanged. Reason: {reason}",
        "upload_ok": "Added: {title} ({province}, {date}) from {source}.",
        "upload_unread": "Pages {pages} were not read: they are scans and OCR (Tesseract with "
        "its Vietnamese model) is not installed on the server; the other pages were added.",
        "error": "Error: {reason}",
        "empty_question": "Please type a question.",
        "too_long": "The question is too long (at most {limit} characters).",
        "no_words": "The question has no words; type it in words.",
        "thinking": "Searching the reports…",
        "open_report": "Open in the report ↗",
        "kind": "Document type",
        "issuer": "Issued by",
        "period": "Period",
        "signer": "Signed by",
        "period_result": "Results up to",
        "period_plan": "Plan period",
        "period_deadline": "Deadline",
        "viewer_back": "← Back to the chat",
        "viewer_meta": "Document",
        "viewer_outline": "Outline",
        "viewer_no_outline": "The report has no numbered sections.",
        "viewer_text": "Full text",
        "viewer_no_text": "The report's source file cannot be read.",
        "viewer_from_passages": (
            "The source file is no longer in the reports folder; the text below is rebuilt "
            "from the indexed passages."
        ),
        "viewer_changed": (
            "The source file was edited after it was indexed (run hoidap index to update); the "
            "text below is rebuilt from the indexed passages, as the citations quote them."
        ),
        "viewer_not_found": "No report {name} in the index",
        "api_docs": "API",
    },
}

LANGUAGE_CHOICES: list[tuple[str, str]] = [("Tiếng Việt", "vi"), ("English", "en")]

# Gradio's own widget text (upload box, copy and clear buttons, loading states) in
# Vietnamese. Gradio 6 ships no Vietnamese locale and only picks a custom locale that
# matches one it ships, so the page script swaps these words while the page is in
# Vietnamese (and back for English). Keys are Gradio's English strings, as displayed.
GRADIO_VI: dict[str, str] = {
    "Drop File Here": "Thả tệp vào đây",
    "- or -": "- hoặc -",
    "Click to Upload": "Bấm để chọn tệp",
    "Copy message": "Chép câu trả lời",
    "Copied message": "Đã chép",
    "Copy": "Chép",
    "Copied": "Đã chép",
    "Clear": "Xóa",
    "Remove": "Bỏ",
    "Download": "Tải về",
    "Loading": "Đang tải",
    "Loading...": "Đang tải…",
    "Uploading...": "Đang tải lên…",
    "Error": "Lỗi",
    "Chatbot": "Hỏi đáp",
    "Dropdown": "Danh sách chọn",
    "Radio": "Lựa chọn",
    "Textbox": "Ô nhập",
    "File": "Tệp",
    "Examples": "Ví dụ",
    "Close": "Đóng",
}


def language(value: str | None) -> str:
    """A supported language code: anything unknown (or empty) falls back to Vietnamese."""
    value = (value or "").strip().lower()[:2]
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def text(lang: str, key: str, **values: object) -> str:
    """The interface text ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    template = STRINGS[language(lang)][key]
    return template.format(**values) if values else template
