-- A bucket row holds one batch's sketches until its window closes, then it is deleted: compressing it (pglz, on
-- every insert of tens of kilobytes of mostly base64 text) cost more CPU than the disk it would save.
ALTER TABLE cs_monitor_bucket ALTER COLUMN sketches SET STORAGE EXTERNAL;
