-- One upload with its validation report.
SELECT upload_id, received_at::VARCHAR AS received_at, uploaded_by, channel, file_name, size_bytes, format_title,
       rows_read, rows_loaded, rows_rejected, rows_replaced, warnings, status, message, report::VARCHAR AS report
FROM uploads WHERE upload_id = $id
