"""What hoidap tells the user when it does not assert an answer, in Vietnamese then English.

Kept apart from the rules that decide an abstention (``qa.refusals``) and the answerer that
shows it (``qa.answer``), so the server (``qa.pipeline``, ``ui``) and the tests read the
same texts without importing either.
"""

from __future__ import annotations

ABSTAIN_VI = "Không tìm thấy thông tin này trong các báo cáo."
ABSTAIN_EN = "The reports do not contain this information."
# An abstention with a candidate below the threshold: no reliable answer, how sure hoidap
# was in plain words, and the closest candidate shown, not asserted.
UNSURE_VI = "Không tìm được câu trả lời đủ tin cậy trong các báo cáo (độ tin cậy: {words})."
UNSURE_EN = "No reliable answer was found in the reports (confidence: {words})."
# An abstention because the closest figure is a plan's target and the question asks what was
# achieved: the target is shown as a target, never as the result.
TARGET_ONLY_VI = (
    "Văn bản chỉ nêu chỉ tiêu, mục tiêu cho nội dung này, không nêu kết quả đã đạt được."
)
TARGET_ONLY_EN = "The documents give only a target for this, not what has been achieved."
# An abstention because the question asks an amount of money and the best figure counts
# something else (people, cases): the sentence is shown (it may state the amount beside the
# count), its figure is not offered as the amount.
NO_AMOUNT_VI = "Không xác định chắc chắn được số tiền cho nội dung này; hãy kiểm tra câu gần nhất."
NO_AMOUNT_EN = (
    "hoidap could not tell which amount of money answers this; please check the closest sentence."
)
# An abstention because the question names a dose, phase or group and the best figure is
# not the one of its sentence that names it: the sentence is shown, its figure not offered.
OTHER_FIGURE_VI = (
    "Câu gần nhất nêu nhiều số liệu cho các mũi, giai đoạn hoặc nhóm khác nhau; không xác định"
    " chắc chắn được số liệu nào trả lời câu hỏi, hãy kiểm tra câu gần nhất."
)
OTHER_FIGURE_EN = (
    "The closest sentence gives figures for different doses, phases or groups; hoidap could"
    " not tell which one answers, please check the closest sentence."
)
# An abstention because the best figure's own clause names another dose, phase, wave or age
# group than the question asks ("mũi 3" asked, "373.388 người … mũi 2"): offered, not asserted.
OTHER_SCOPE_VI = (
    "Số liệu gần nhất là của mũi tiêm, giai đoạn, đợt hoặc nhóm tuổi khác với câu hỏi; hãy kiểm"
    " tra câu gần nhất."
)
OTHER_SCOPE_EN = (
    "The closest figure is for another dose, phase, wave or age group than the question asks;"
    " please check the closest sentence."
)
# An abstention because the question asks a part of a total ("bao nhiêu ca cộng đồng") and
# the best figure is the total its sentence breaks down: the total is not offered.
TOTAL_NOT_PART_VI = (
    "Số liệu gần nhất là tổng số, còn câu hỏi hỏi về một phần của nó; hãy kiểm tra câu gần nhất."
)
TOTAL_NOT_PART_EN = (
    "The closest figure is a total, and the question asks about a part of it; please check the"
    " closest sentence."
)
# An abstention because a list or an explanation found only its section's heading, which
# names the topic and not the items: the heading is shown, to read the section under it.
HEADING_ONLY_VI = (
    "Chỉ tìm thấy tiêu đề của mục nói về nội dung này, chưa thấy các ý cụ thể; hãy xem mục"
    " dưới tiêu đề gần nhất."
)
HEADING_ONLY_EN = (
    "Only the heading of the section about this was found, not its items; please read the"
    " section under the closest heading."
)
# An abstention because a list question denies what it asks ("những trường hợp nào không
# áp dụng") and the closest list is of the cases its lead-in affirms ("được áp dụng trong
# các trường hợp sau đây:").
DENIED_LIST_VI = (
    "Danh sách gần nhất là các trường hợp được nêu theo nghĩa khẳng định, còn câu hỏi hỏi các"
    " trường hợp bị loại trừ; hãy kiểm tra mục gần nhất."
)
DENIED_LIST_EN = (
    "The closest list gives the cases that do apply, and the question asks for those that do"
    " not; please check the closest section."
)
# An abstention because the best figure is for another period than the one asked, or is a
# rate per year or month while the question asks a total.
OTHER_PERIOD_VI = (
    "Số liệu gần nhất là của một khoảng thời gian khác với câu hỏi; hãy kiểm tra câu gần nhất."
)
OTHER_PERIOD_EN = (
    "The closest figure is for another period than the one asked; please check the closest"
    " sentence."
)
RATE_NOT_TOTAL_VI = (
    "Số liệu gần nhất là mức cho mỗi năm, tháng hay ngày, không phải tổng số; hãy kiểm tra câu"
    " gần nhất."
)
RATE_NOT_TOTAL_EN = (
    "The closest figure is a rate per year, month or day, not the total asked; please check the"
    " closest sentence."
)
# An abstention because the best date is the issue date of a document the sentence cites as
# its basis ("Thực hiện Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025 …"), not the date asked.
BASIS_DATE_VI = (
    "Ngày gần nhất là ngày ban hành của văn bản được dẫn làm căn cứ, không phải thời điểm được"
    " hỏi; hãy kiểm tra câu gần nhất."
)
BASIS_DATE_EN = (
    "The closest date is the issue date of a document cited as the basis, not the time asked;"
    " please check the closest sentence."
)
CONFIDENCE_WORDS = {
    "vi": {"high": "cao", "medium": "trung bình", "low": "thấp"},
    "en": {"high": "high", "medium": "medium", "low": "low"},
}
# Why an unsure answer was not asserted, when the closest passage lacks a word of the
# question or (English) the glossary cannot read some of the question's words. The
# plural when the closest sentences shown come from several passages (a two-part
# question, a comparison's sides): none of them mentions the words.
UNHELD_VI = "Đoạn gần nhất không nhắc đến {terms} của câu hỏi."
UNHELD_EN = "The closest passage does not mention {terms} from the question."
UNHELD_MANY_VI = "Các đoạn gần nhất đều không nhắc đến {terms} của câu hỏi."
UNHELD_MANY_EN = "None of the closest passages mentions {terms} from the question."
UNREAD_EN = (
    "Words of the question hoidap cannot read in the Vietnamese reports: {words} "
    "(other words, or the question in Vietnamese, may find it)."
)
CLOSEST_VI = "Câu gần nhất (chưa khẳng định, cần kiểm tra): {lead}“{quote}” ({report}, dòng {line})"
CLOSEST_EN = (
    "Closest sentence (not asserted, please check): {lead}“{quote}” ({report}, line {line})"
)
# After a two-part figure question's answer to its first ask, for a later ask not sure
# enough to state (qa.answer.Answerer.two_part): the ask and its closest figure, not asserted.
PART_UNSURE_VI = "Phần “{part}” của câu hỏi: chưa tìm được câu trả lời đủ tin cậy{closest}."
PART_UNSURE_EN = "The part “{part}” of the question: no reliable answer was found{closest}."
PART_CLOSEST_VI = " (có thể là {lead}, cần kiểm tra)"
PART_CLOSEST_EN = " (possibly {lead}, please check)"
# How the closest candidate's figure, date or name is shown before its sentence.
CLOSEST_LEAD_VI = "có thể là {lead}, trong câu "
CLOSEST_LEAD_EN = "possibly {lead}, in "
NO_REPORT_VI = "Không có báo cáo nào của {provinces} trong kho dữ liệu."
NO_REPORT_EN = "There is no report for {provinces} in the collection."
# After NO_REPORT_*, for a province named by its pre-2025 name whose merged province has
# documents issued since the merger (qa.merged).
MERGED_VI = (
    "Từ ngày 01/7/2025, {old} thuộc {new}; kho dữ liệu có {n} văn bản của {new} ban hành từ "
    "ngày đó. Nếu câu hỏi về thời gian sau sáp nhập, hãy hỏi lại với tên “{new}”."
)
MERGED_EN = (
    "Since 1 July 2025 {old} is part of {new}; the collection holds {n} document(s) of {new} "
    "issued since then. If the question is about that time, ask again with “{new}”."
)
# After NO_REPORT_*, for a merged province named whose members have documents only from
# before the merger (qa.merged.member_hints): those are the members' own, asked by their name.
MEMBER_VI = (
    "{old} (nay thuộc {new}) có {n} văn bản ban hành trước ngày 01/7/2025. Nếu câu hỏi về "
    "thời gian đó, hãy hỏi lại với tên “{old}”."
)
MEMBER_EN = (
    "{old} (now part of {new}) has {n} document(s) issued before 1 July 2025. If the "
    "question is about that time, ask again with “{old}”."
)
