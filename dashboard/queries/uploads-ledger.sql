-- The upload ledger, newest first.
SELECT upload_id, received_at::VARCHAR AS received_at, uploaded_by, channel, file_name, format_title,
       rows_read, rows_loaded, rows_rejected, rows_replaced, warnings, status, message
FROM uploads
ORDER BY upload_id DESC
LIMIT $limit
