-- The upload ledger, newest first, one page of it; `total` is the number of uploads in the whole ledger.
SELECT upload_id, received_at::VARCHAR AS received_at, uploaded_by, channel, file_name, size_bytes, format_title,
       rows_read, rows_loaded, rows_rejected, rows_replaced, warnings, status, message,
       (SELECT count(*) FROM uploads) AS total -- a subquery, not a window: see unknown-schools.sql
FROM uploads
ORDER BY upload_id DESC
LIMIT $limit OFFSET $offset
