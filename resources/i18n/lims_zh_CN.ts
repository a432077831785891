<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AddTestDialog</name>
        <message>
            <source>Add a test</source>
            <translation>添加检测项目</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Type part of the name to search</source>
            <translation>输入名称的一部分查找</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>检测方法</translation>
        </message>
        <message>
            <source>Choose a parameter from the list</source>
            <translation>请从列表中选择检测项目</translation>
        </message>
    </context>
    <context>
        <name>AdminView</name>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>账户</translation>
        </message>
        <message>
            <source>Failed log-ins</source>
            <translation>登录失败次数</translation>
        </message>
        <message>
            <source>Add user…</source>
            <translation>添加用户…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>Reset password…</source>
            <translation>重置密码…</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>重新读取</translation>
        </message>
        <message>
            <source>Lock an account after this many failed log-ins in a row</source>
            <translation>连续登录失败达到此次数时锁定账户</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>已锁定</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>User {user} added</source>
            <translation>已添加用户 {user}</translation>
        </message>
        <message>
            <source>User {user} saved</source>
            <translation>已保存用户 {user}</translation>
        </message>
        <message>
            <source>The password of {user} was reset</source>
            <translation>已重置用户 {user} 的密码</translation>
        </message>
        <message>
            <source>User {user} unlocked</source>
            <translation>已解锁用户 {user}</translation>
        </message>
        <message>
            <source>Accounts are now locked after {n} failed log-ins</source>
            <translation>现在连续登录失败 {n} 次将锁定账户</translation>
        </message>
    </context>
    <context>
        <name>AliasDialog</name>
        <message>
            <source>Edit alias</source>
            <translation>修改别名</translation>
        </message>
        <message>
            <source>Add alias</source>
            <translation>添加别名</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>A spelling an ability table uses, and the name of the lab's catalogue it stands for. A table section's name points to a category of the product tree.</source>
            <translation>能力附表中的写法，以及它所指的本实验室目录中的名称。附表的产品类别名称指向产品分类树中的类别。</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Spelling</source>
            <translation>写法</translation>
        </message>
        <message>
            <source>e.g. 呋喃丹</source>
            <translation>例如 呋喃丹</translation>
        </message>
        <message>
            <source>Stands for</source>
            <translation>指代</translation>
        </message>
        <message>
            <source>e.g. 克百威</source>
            <translation>例如 克百威</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>AliasPanel</name>
        <message>
            <source>Find a spelling or a name</source>
            <translation>查找写法或名称</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Spelling</source>
            <translation>写法</translation>
        </message>
        <message>
            <source>Stands for</source>
            <translation>指代</translation>
        </message>
        <message>
            <source>Add alias…</source>
            <translation>添加别名…</translation>
        </message>
        <message>
            <source>Edit alias…</source>
            <translation>修改别名…</translation>
        </message>
        <message>
            <source>Remove alias…</source>
            <translation>删除别名…</translation>
        </message>
        <message>
            <source>Only a lab manager changes the alias table</source>
            <translation>只有实验室负责人可以修改别名表</translation>
        </message>
        <message>
            <source>Find:</source>
            <translation>查找：</translation>
        </message>
        <message>
            <source>Select the alias to edit</source>
            <translation>请先选择要修改的别名</translation>
        </message>
        <message>
            <source>Select the alias to remove</source>
            <translation>请先选择要删除的别名</translation>
        </message>
        <message>
            <source>The alias table was changed; the scope verdicts read it at once</source>
            <translation>别名表已修改，范围判定立即按新别名执行</translation>
        </message>
    </context>
    <context>
        <name>AttachDialog</name>
        <message>
            <source>Attach evidence: {title}</source>
            <translation>附加证据：{title}</translation>
        </message>
        <message>
            <source>Attach</source>
            <translation>附加</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>(no particular step)</source>
            <translation>（不属于特定步骤）</translation>
        </message>
        <message>
            <source>Supports the step</source>
            <translation>对应步骤</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Choose the evidence file</source>
            <translation>选择证据文件</translation>
        </message>
        <message>
            <source>Choose the file to attach</source>
            <translation>请选择要附加的文件</translation>
        </message>
    </context>
    <context>
        <name>AuditView</name>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Workstation</source>
            <translation>工作站</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录类型</translation>
        </message>
        <message>
            <source>{field}: {old} → {new}</source>
            <translation>{field}：{old} → {new}</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>对象</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Changes</source>
            <translation>变更内容</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>All records</source>
            <translation>全部记录类型</translation>
        </message>
        <message>
            <source>All users</source>
            <translation>全部用户</translation>
        </message>
        <message>
            <source>From</source>
            <translation>起始日期</translation>
        </message>
        <message>
            <source>To</source>
            <translation>截止日期</translation>
        </message>
        <message>
            <source>Verify chain</source>
            <translation>校验审计链</translation>
        </message>
        <message>
            <source>Recompute the hash chain of every audit event to find events edited or removed outside the application</source>
            <translation>重新计算每条审计记录的哈希链，找出在本程序之外被修改或删除的记录</translation>
        </message>
        <message>
            <source>{record} {id}</source>
            <translation>{record} {id}</translation>
        </message>
        <message>
            <source>Events found: {n}</source>
            <translation>共 {n} 条审计记录</translation>
        </message>
        <message>
            <source>Verifying the audit chain…</source>
            <translation>正在校验审计链…</translation>
        </message>
        <message>
            <source>Audit chain intact: all {n} events verified</source>
            <translation>审计链完整：已校验全部 {n} 条记录</translation>
        </message>
        <message>
            <source>Audit chain broken at event {seq}: it was altered, inserted or removed outside the application. The {n} events before it are intact.</source>
            <translation>审计链在第 {seq} 条记录处断开：该记录在本程序之外被修改、插入或删除。此前的 {n} 条记录完整。</translation>
        </message>
    </context>
    <context>
        <name>BatchIssueDialog</name>
        <message>
            <source>Issue reports in a batch</source>
            <translation>批量签发报告</translation>
        </message>
        <message>
            <source>Select all shown</source>
            <translation>全选所列样品</translation>
        </message>
        <message>
            <source>Select none</source>
            <translation>全不选</translation>
        </message>
        <message>
            <source>Task:</source>
            <translation>任务：</translation>
        </message>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <source>Save into folder:</source>
            <translation>保存到文件夹：</translation>
        </message>
        <message>
            <source>Signing certificate:</source>
            <translation>签名证书：</translation>
        </message>
        <message>
            <source>Your password (signs every report of the batch):</source>
            <translation>您的密码（签署本批全部报告）：</translation>
        </message>
        <message>
            <source>Certificate password:</source>
            <translation>证书密码：</translation>
        </message>
        <message>
            <source>Issue the selected reports</source>
            <translation>签发所选报告</translation>
        </message>
        <message>
            <source>Cancel the batch</source>
            <translation>取消签发</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>All tasks ({n})</source>
            <translation>全部任务（{n}）</translation>
        </message>
        <message>
            <source>No task</source>
            <translation>无任务</translation>
        </message>
        <message>
            <source>No approved sample is waiting for a report.</source>
            <translation>没有等待出具报告的已批准样品。</translation>
        </message>
        <message>
            <source>{n} of {m} selected</source>
            <translation>已选 {n} / 共 {m} 份</translation>
        </message>
        <message>
            <source>Folder for the signed reports</source>
            <translation>签名报告的保存文件夹</translation>
        </message>
        <message>
            <source>Checking your password and the signing certificate…</source>
            <translation>正在核对您的密码和签名证书…</translation>
        </message>
        <message>
            <source>Issuing and signing… {done} of {total} done (last: {code})</source>
            <translation>正在签发… 已完成 {done} / {total}（最近：{code}）</translation>
        </message>
        <message>
            <source>Cancelling: the report in hand is finished first…</source>
            <translation>正在取消：当前这份报告签发完毕后停止…</translation>
        </message>
        <message>
            <source>{issued} issued, {failed} not issued, {cancelled} cancelled (not started).</source>
            <translation>{issued} 份已签发，{failed} 份未签发，{cancelled} 份已取消（未开始）。</translation>
        </message>
        <message>
            <source>Not issued: {code}: {reason}</source>
            <translation>未签发：{code}：{reason}</translation>
        </message>
        <message>
            <source>Issued into {folder}: {numbers}</source>
            <translation>已签发至 {folder}：{numbers}</translation>
        </message>
    </context>
    <context>
        <name>CalibrationDialog</name>
        <message>
            <source>Record a calibration: {name}</source>
            <translation>记录检定/校准：{name}</translation>
        </message>
        <message>
            <source>Save the calibration</source>
            <translation>保存检定/校准记录</translation>
        </message>
        <message>
            <source>Readings received after the calibration lapses are held until a manager releases them.</source>
            <translation>检定/校准过期后收到的读数将被暂扣，直至实验室主管放行。</translation>
        </message>
        <message>
            <source>Calibrated on</source>
            <translation>检定/校准日期</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>有效期至</translation>
        </message>
        <message>
            <source>Certificate number</source>
            <translation>证书编号</translation>
        </message>
    </context>
    <context>
        <name>CapturePanel</name>
        <message>
            <source>Link: starting</source>
            <translation>连接：正在启动</translation>
        </message>
        <message>
            <source>Stop capture</source>
            <translation>停止采集</translation>
        </message>
        <message>
            <source>Stored</source>
            <translation>已入库</translation>
        </message>
        <message>
            <source>Unmatched</source>
            <translation>未匹配</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>暂扣</translation>
        </message>
        <message>
            <source>Released</source>
            <translation>已放行</translation>
        </message>
        <message>
            <source>Discarded</source>
            <translation>已舍弃</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>接收时间</translation>
        </message>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>port opened</source>
            <translation>端口已打开</translation>
        </message>
        <message>
            <source>port lost</source>
            <translation>端口断开</translation>
        </message>
        <message>
            <source>port in use by another program</source>
            <translation>端口被其他程序占用</translation>
        </message>
        <message>
            <source>port unavailable</source>
            <translation>端口不可用</translation>
        </message>
        <message>
            <source>sending to the instrument failed</source>
            <translation>向仪器发送失败</translation>
        </message>
        <message>
            <source>no answer</source>
            <translation>仪器无应答</translation>
        </message>
        <message>
            <source>answer too long</source>
            <translation>应答过长</translation>
        </message>
        <message>
            <source>bytes nobody asked for</source>
            <translation>收到未请求的数据</translation>
        </message>
        <message>
            <source>stray bytes</source>
            <translation>多余的数据</translation>
        </message>
        <message>
            <source>a line not understood</source>
            <translation>无法识别的一行</translation>
        </message>
        <message>
            <source>a record not understood</source>
            <translation>无法识别的记录</translation>
        </message>
        <message>
            <source>a frame sent twice</source>
            <translation>重复的数据帧</translation>
        </message>
        <message>
            <source>message interrupted</source>
            <translation>报文中断</translation>
        </message>
        <message>
            <source>the instrument is busy</source>
            <translation>仪器忙</translation>
        </message>
        <message>
            <source>both sides wanted to send</source>
            <translation>双方同时请求发送</translation>
        </message>
        <message>
            <source>session opened</source>
            <translation>会话已建立</translation>
        </message>
        <message>
            <source>download complete</source>
            <translation>下载完成</translation>
        </message>
        <message>
            <source>download stalled</source>
            <translation>下载停滞</translation>
        </message>
        <message>
            <source>readings asked for</source>
            <translation>已请求读数</translation>
        </message>
        <message>
            <source>the reader answered</source>
            <translation>读数仪已应答</translation>
        </message>
        <message>
            <source>readings stored</source>
            <translation>读数已保存</translation>
        </message>
        <message>
            <source>database busy: readings kept in the journal</source>
            <translation>数据库忙：读数暂存于原始记录</translation>
        </message>
        <message>
            <source>kit lot and channels set</source>
            <translation>已设置试剂批次和通道</translation>
        </message>
        <message>
            <source>kit lot and channels of the interrupted capture restored</source>
            <translation>已恢复中断采集时的试剂批次和通道</translation>
        </message>
        <message>
            <source>kit lot and channels of the interrupted capture not restored</source>
            <translation>未能恢复中断采集时的试剂批次和通道</translation>
        </message>
        <message>
            <source>strips of the interrupted capture queued again</source>
            <translation>中断采集时待读的试纸条已重新排队</translation>
        </message>
        <message>
            <source>state of the interrupted capture not restored</source>
            <translation>未能恢复中断采集时的读数仪状态</translation>
        </message>
        <message>
            <source>No kit lot</source>
            <translation>不使用试剂批次</translation>
        </message>
        <message>
            <source>The kit lot in use: its cut-offs judge the readings, its expiry is checked</source>
            <translation>所用试剂批次：按其判定阈值判定读数，并核对其有效期</translation>
        </message>
        <message>
            <source>Channel {n}</source>
            <translation>通道 {n}</translation>
        </message>
        <message>
            <source>No control channel</source>
            <translation>无对照通道</translation>
        </message>
        <message>
            <source>Control in channel {n}</source>
            <translation>对照在通道 {n}</translation>
        </message>
        <message>
            <source>Read the reader</source>
            <translation>读取仪器读数</translation>
        </message>
        <message>
            <source>Ask the reader for its readings, with the channels as typed above</source>
            <translation>按上方填写的通道向仪器读取读数</translation>
        </message>
        <message>
            <source>Scan a strip's sample code, then insert the strip</source>
            <translation>扫描检测卡的样品编号，然后插入检测卡</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>项目代码</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>检测值</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Sample code for the chosen reading</source>
            <translation>所选读数的样品编号</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>指定</translation>
        </message>
        <message>
            <source>Reason for releasing a held reading (lab manager)</source>
            <translation>放行暂扣读数的原因（实验室负责人）</translation>
        </message>
        <message>
            <source>Release</source>
            <translation>放行</translation>
        </message>
        <message>
            <source>Kit lot</source>
            <translation>试剂批次</translation>
        </message>
        <message>
            <source>Strips</source>
            <translation>检测卡</translation>
        </message>
        <message>
            <source>Live readings</source>
            <translation>实时读数</translation>
        </message>
        <message>
            <source>Waiting readings: assign an unmatched one its sample code; a held one waits for a manager</source>
            <translation>待处理读数：为未匹配的读数指定样品编号；暂扣的读数由实验室负责人放行</translation>
        </message>
        <message>
            <source>no expiry</source>
            <translation>无有效期</translation>
        </message>
        <message>
            <source>{lot} (until {until})</source>
            <translation>{lot}（有效期至 {until}）</translation>
        </message>
        <message>
            <source>Channel {n} holds the control: clear its sample code</source>
            <translation>通道 {n} 为对照通道：请清除其样品编号</translation>
        </message>
        <message>
            <source>Sample {code} is in channels {first} and {second}</source>
            <translation>样品 {code} 同时填在通道 {first} 和通道 {second}</translation>
        </message>
        <message>
            <source>No kit lot chosen: readings are held until a manager releases them</source>
            <translation>未选择试剂批次：读数将暂扣，待实验室负责人放行</translation>
        </message>
        <message>
            <source>The reader is asked for its readings</source>
            <translation>已向仪器读取读数</translation>
        </message>
        <message>
            <source>{n} strips queued; last {code}</source>
            <translation>已排队 {n} 张检测卡；最近一张 {code}</translation>
        </message>
        <message>
            <source>Choose an unmatched reading and type its sample code</source>
            <translation>请选择一条未匹配读数并输入其样品编号</translation>
        </message>
        <message>
            <source>Choose a held reading and give the reason for releasing it</source>
            <translation>请选择一条暂扣读数并填写放行原因</translation>
        </message>
        <message>
            <source>The held reading was released and entered</source>
            <translation>暂扣读数已放行并录入</translation>
        </message>
        <message>
            <source>Released; it waits for its sample code: {why}</source>
            <translation>已放行，等待指定样品编号：{why}</translation>
        </message>
        <message>
            <source>The reading was entered for sample {code}</source>
            <translation>该读数已录入样品 {code}</translation>
        </message>
        <message>
            <source>open</source>
            <translation>已连接</translation>
        </message>
        <message>
            <source>port lost, reconnecting</source>
            <translation>端口断开，正在重连</translation>
        </message>
        <message>
            <source>starting</source>
            <translation>正在启动</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>port in use by another program, waiting</source>
            <translation>端口被其他程序占用，正在等待</translation>
        </message>
        <message>
            <source>Link: {state}</source>
            <translation>连接：{state}</translation>
        </message>
        <message>
            <source>received {received}, stored {stored}, unmatched {unmatched}, held {held}, duplicates {duplicates}, line errors {errors}</source>
            <translation>已接收 {received}，已入库 {stored}，未匹配 {unmatched}，暂扣 {held}，重复 {duplicates}，线路错误 {errors}</translation>
        </message>
        <message>
            <source>; {n} waiting for the database (kept in the journal)</source>
            <translation>；{n} 条等待写入数据库（已保存在原始记录中）</translation>
        </message>
    </context>
    <context>
        <name>CertificateDialog</name>
        <message>
            <source>Edit certificate</source>
            <translation>修改资质证书</translation>
        </message>
        <message>
            <source>Add certificate</source>
            <translation>登记资质证书</translation>
        </message>
        <message>
            <source>As printed, e.g. 221505990117</source>
            <translation>与证书所印一致，例如 221505990117</translation>
        </message>
        <message>
            <source> days</source>
            <translation> 天</translation>
        </message>
        <message>
            <source>Why it changes, e.g. renewal or a new address</source>
            <translation>修改原因，例如复查换证或地址变更</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>证书类别</translation>
        </message>
        <message>
            <source>Certificate number</source>
            <translation>证书编号</translation>
        </message>
        <message>
            <source>Holder</source>
            <translation>持证机构</translation>
        </message>
        <message>
            <source>Issued on</source>
            <translation>发证日期</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>有效期至</translation>
        </message>
        <message>
            <source>Apply for renewal</source>
            <translation>提前申请换证</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Change password</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Current password</source>
            <translation>当前密码</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>EntryDialog</name>
        <message>
            <source>Add to {list}</source>
            <translation>添加到{list}</translation>
        </message>
        <message>
            <source>Edit in {list}</source>
            <translation>编辑{list}</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>The greyed fields say what this entry is; to change them, add a new entry.</source>
            <translation>灰色字段标识该条目本身，不能修改；如需不同的取值，请新增一条。</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>年-月-日，如 2026-01-31</translation>
        </message>
        <message>
            <source>Separate several with ;</source>
            <translation>多个之间用 ; 分隔</translation>
        </message>
    </context>
    <context>
        <name>ExpansionPanel</name>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Application title</source>
            <translation>申请标题</translation>
        </message>
        <message>
            <source>For</source>
            <translation>申请范围</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>最近进度日期</translation>
        </message>
        <message>
            <source>Product section</source>
            <translation>产品类别</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>检测方法</translation>
        </message>
        <message>
            <source>Limits of use</source>
            <translation>限制范围</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步骤</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Responsible</source>
            <translation>负责人</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Select an application to see its rows, steps and evidence</source>
            <translation>选择一份申请，查看其项目、进度和证据</translation>
        </message>
        <message>
            <source>New application…</source>
            <translation>新建申请…</translation>
        </message>
        <message>
            <source>Record step…</source>
            <translation>记录进度…</translation>
        </message>
        <message>
            <source>Attach evidence…</source>
            <translation>附加证据…</translation>
        </message>
        <message>
            <source>Save evidence as…</source>
            <translation>证据另存为…</translation>
        </message>
        <message>
            <source>Only a lab manager applies for expansions and records their steps</source>
            <translation>只有实验室负责人可以申请扩项并记录进度</translation>
        </message>
        <message>
            <source>Rows asked for</source>
            <translation>申请的项目</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>进度</translation>
        </message>
        <message>
            <source>Evidence files</source>
            <translation>证据文件</translation>
        </message>
        <message>
            <source>{n} KB</source>
            <translation>{n} KB</translation>
        </message>
        <message>
            <source>No expansion applications yet</source>
            <translation>尚无扩项申请</translation>
        </message>
        <message>
            <source>{title} — for {target}; next: {next}</source>
            <translation>{title}——{target}；下一步：{next}</translation>
        </message>
        <message>
            <source>nothing (decided)</source>
            <translation>无（已决定）</translation>
        </message>
        <message>
            <source>{kind} {number}: version {version}</source>
            <translation>{kind} {number}：第 {version} 版</translation>
        </message>
        <message>
            <source>Ability tables made by the approval: {list}</source>
            <translation>批准后生成的能力附表：{list}</translation>
        </message>
        <message>
            <source>Select the application</source>
            <translation>请先选择申请</translation>
        </message>
        <message>
            <source>The application was decided: no step follows</source>
            <translation>该申请已有结论，不再有后续步骤</translation>
        </message>
        <message>
            <source>Select the evidence file to save</source>
            <translation>请先选择要保存的证据文件</translation>
        </message>
        <message>
            <source>Save evidence as</source>
            <translation>证据另存为</translation>
        </message>
        <message>
            <source>Saved to {path}; its SHA-256 matched the one taken when it was attached</source>
            <translation>已保存到 {path}；SHA-256 与附加时一致</translation>
        </message>
        <message>
            <source>{title}: {step}</source>
            <translation>{title}：{step}</translation>
        </message>
        <message>
            <source>Attached; SHA-256 {hash}</source>
            <translation>已附加；SHA-256 {hash}</translation>
        </message>
    </context>
    <context>
        <name>FailingView</name>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Sampling date</source>
            <translation>抽样日期</translation>
        </message>
        <message>
            <source>Failing parameters</source>
            <translation>不合格项目</translation>
        </message>
        <message>
            <source>Traceback</source>
            <translation>溯源核查</translation>
        </message>
        <message>
            <source>All tracebacks</source>
            <translation>全部核查状态</translation>
        </message>
        <message>
            <source>Choose a failing sample in the list</source>
            <translation>请在列表中选择不合格样品</translation>
        </message>
        <message>
            <source>e.g. the producer's legal representative, the banner's bureau</source>
            <translation>例如：受检单位法定代表人、旗农牧局</translation>
        </message>
        <message>
            <source>Record notification</source>
            <translation>登记告知</translation>
        </message>
        <message>
            <source>e.g. the batch was sealed and destroyed; the farm is re-sampled</source>
            <translation>例如：同批次产品已封存销毁，对该养殖场跟踪抽检</translation>
        </message>
        <message>
            <source>Record action</source>
            <translation>登记处置</translation>
        </message>
        <message>
            <source>Close traceback</source>
            <translation>办结核查</translation>
        </message>
        <message>
            <source>Notification</source>
            <translation>告知</translation>
        </message>
        <message>
            <source>Notified</source>
            <translation>告知对象</translation>
        </message>
        <message>
            <source>When</source>
            <translation>告知时间</translation>
        </message>
        <message>
            <source>Action taken</source>
            <translation>处置措施</translation>
        </message>
        <message>
            <source>not detectable</source>
            <translation>不得检出</translation>
        </message>
        <message>
            <source>{parameter} {value} {unit} (limit {limit})</source>
            <translation>{parameter} {value} {unit}（限量 {limit}）</translation>
        </message>
        <message>
            <source>no limit recorded</source>
            <translation>未记录限量</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Failing samples: {n}</source>
            <translation>不合格样品：{n} 个</translation>
        </message>
        <message>
            <source>Contact: {contact}</source>
            <translation>联系人：{contact}</translation>
        </message>
        <message>
            <source>State: {state}</source>
            <translation>状态：{state}</translation>
        </message>
        <message>
            <source>Notification recorded by {user}</source>
            <translation>告知由 {user} 登记</translation>
        </message>
        <message>
            <source>Closed by {user} at {time}</source>
            <translation>由 {user} 于 {time} 办结</translation>
        </message>
        <message>
            <source>The notification was recorded</source>
            <translation>已登记告知</translation>
        </message>
        <message>
            <source>The action taken was recorded</source>
            <translation>已登记处置措施</translation>
        </message>
        <message>
            <source>The traceback was closed</source>
            <translation>溯源核查已办结</translation>
        </message>
    </context>
    <context>
        <name>FirstAdminDialog</name>
        <message>
            <source>Create the first administrator</source>
            <translation>创建首个系统管理员</translation>
        </message>
        <message>
            <source>Create administrator</source>
            <translation>创建管理员</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>This database has no users yet. Create the administrator account now: it adds the lab's other users and gives them their roles (technician, reviewer, authorised signatory…).</source>
            <translation>此数据库尚无用户。请先创建系统管理员账户：由其添加实验室的其他用户，并为他们分配角色（检测员、审核员、授权签字人…）。</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message>
            <source>Set up the lab</source>
            <translation>设置实验室</translation>
        </message>
        <message>
            <source>This database holds no products yet, so registration offers none and a limit table finds nothing to attach its limits to. Start from the starter reference data, from a lab workbook filled in before, or skip and set the lab up later under Master data.</source>
            <translation>此数据库中还没有任何产品：登记样品时无产品可选，导入限量表也找不到对应的产品。可以导入起步参考数据，或导入事先填好的实验室基础数据工作簿，也可以跳过，稍后在“基础数据”中设置。</translation>
        </message>
        <message>
            <source>Import the starter reference data</source>
            <translation>导入起步参考数据</translation>
        </message>
        <message>
            <source>Import a lab workbook…</source>
            <translation>导入基础数据工作簿…</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>跳过</translation>
        </message>
        <message>
            <source>Set up the lab's master data</source>
            <translation>设置实验室基础数据</translation>
        </message>
        <message>
            <source>The starter reference data and its sources:</source>
            <translation>起步参考数据及其来源：</translation>
        </message>
        <message>
            <source>Importing the starter reference data…</source>
            <translation>正在导入起步参考数据…</translation>
        </message>
        <message>
            <source>{file}: {created} entries added. Check them under Master data, where each list can be edited.</source>
            <translation>{file}：已添加 {created} 条。请在“基础数据”中核对，各项均可编辑。</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <source>Import sampling list</source>
            <translation>导入抽样清单</translation>
        </message>
        <message>
            <source>Import limit table</source>
            <translation>导入限量表</translation>
        </message>
        <message>
            <source>Import lab workbook</source>
            <translation>导入基础数据工作簿</translation>
        </message>
        <message>
            <source>Choose an Excel workbook (.xlsx)</source>
            <translation>选择 Excel 工作簿（.xlsx）</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Standard, edition and table, e.g. GB 2763-2021 表1</source>
            <translation>标准、版本及表号，如 GB 2763-2021 表1</translation>
        </message>
        <message>
            <source>Workbook</source>
            <translation>工作簿</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Import only the good rows</source>
            <translation>仅导入无问题的行</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Column</source>
            <translation>列</translation>
        </message>
        <message>
            <source>Header</source>
            <translation>表头</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Sheet</source>
            <translation>工作表</translation>
        </message>
        <message>
            <source>Choose an Excel workbook</source>
            <translation>选择 Excel 工作簿</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Choose the workbook to import</source>
            <translation>请选择要导入的工作簿</translation>
        </message>
        <message>
            <source>Say where the limits come from (standard, edition and table)</source>
            <translation>请注明限量来源（标准、版本及表号）</translation>
        </message>
        <message>
            <source>{file}: {created} entries added, {updated} changed, {unchanged} unchanged</source>
            <translation>{file}：新增 {created} 条，修改 {updated} 条，{unchanged} 条未变</translation>
        </message>
        <message>
            <source>{count} sample(s) registered from {file}</source>
            <translation>已从{file}登记 {count} 个样品</translation>
        </message>
        <message>
            <source>{file}: {created} limit(s) added, {updated} changed, {unchanged} unchanged</source>
            <translation>{file}：新增 {created} 条限量，修改 {updated} 条，{unchanged} 条未变</translation>
        </message>
        <message>
            <source>({rows} row(s) with problems left out)</source>
            <translation>（{rows} 行有问题，未导入）</translation>
        </message>
    </context>
    <context>
        <name>InstrumentDialog</name>
        <message>
            <source>Edit instrument</source>
            <translation>编辑仪器</translation>
        </message>
        <message>
            <source>Add instrument</source>
            <translation>添加仪器</translation>
        </message>
        <message>
            <source>Find ports</source>
            <translation>查找端口</translation>
        </message>
        <message>
            <source>One a line: the instrument's code=parameter, e.g. CLB=毒死蜱</source>
            <translation>每行一条：仪器项目代码=检测项目，例如 CLB=毒死蜱</translation>
        </message>
        <message>
            <source>Adapter options: key=value, separated by commas</source>
            <translation>适配器选项：键=值，以逗号分隔</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>型号</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>出厂编号</translation>
        </message>
        <message>
            <source>Adapter</source>
            <translation>接口适配器</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <source>Baud rate</source>
            <translation>波特率</translation>
        </message>
        <message>
            <source>Data bits</source>
            <translation>数据位</translation>
        </message>
        <message>
            <source>Parity</source>
            <translation>校验位</translation>
        </message>
        <message>
            <source>Stop bits</source>
            <translation>停止位</translation>
        </message>
        <message>
            <source>Flow control</source>
            <translation>流控</translation>
        </message>
        <message>
            <source>Text encoding</source>
            <translation>文字编码</translation>
        </message>
        <message>
            <source>Adapter options</source>
            <translation>适配器选项</translation>
        </message>
        <message>
            <source>Code map</source>
            <translation>代码对照表</translation>
        </message>
        <message>
            <source>{n} serial ports found</source>
            <translation>找到 {n} 个串口</translation>
        </message>
    </context>
    <context>
        <name>InstrumentsLinkPage</name>
        <message>
            <source>Instruments, their lines and their calibration records are kept on the Instruments page.</source>
            <translation>仪器、通讯线路及其检定/校准记录在“仪器”页面中维护。</translation>
        </message>
        <message>
            <source>Open the Instruments page</source>
            <translation>打开“仪器”页面</translation>
        </message>
    </context>
    <context>
        <name>InstrumentsView</name>
        <message>
            <source>Instrument</source>
            <translation>仪器</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>型号</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>出厂编号</translation>
        </message>
        <message>
            <source>Adapter</source>
            <translation>接口适配器</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <source>Line settings</source>
            <translation>串口参数</translation>
        </message>
        <message>
            <source>Calibrated until</source>
            <translation>检定/校准有效期至</translation>
        </message>
        <message>
            <source>Calibration</source>
            <translation>检定/校准</translation>
        </message>
        <message>
            <source>Add instrument…</source>
            <translation>添加仪器…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Record calibration…</source>
            <translation>记录检定/校准…</translation>
        </message>
        <message>
            <source>Start capture</source>
            <translation>开始采集</translation>
        </message>
        <message>
            <source>{n} instruments, {expired} with an expired calibration</source>
            <translation>共 {n} 台仪器，其中 {expired} 台检定/校准已过期</translation>
        </message>
        <message>
            <source>No calibration record</source>
            <translation>无检定/校准记录</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>Choose an instrument first</source>
            <translation>请先选择一台仪器</translation>
        </message>
    </context>
    <context>
        <name>IssueReportDialog</name>
        <message>
            <source>Issue a report</source>
            <translation>签发检验检测报告</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <source>Approved sample:</source>
            <translation>已批准样品：</translation>
        </message>
        <message>
            <source>Save into folder:</source>
            <translation>保存到文件夹：</translation>
        </message>
        <message>
            <source>Signing certificate:</source>
            <translation>签名证书：</translation>
        </message>
        <message>
            <source>Your password (signature):</source>
            <translation>您的密码（电子签名）：</translation>
        </message>
        <message>
            <source>Certificate password:</source>
            <translation>证书密码：</translation>
        </message>
        <message>
            <source>Preview draft</source>
            <translation>预览草稿</translation>
        </message>
        <message>
            <source>Issue and sign</source>
            <translation>签发并签名</translation>
        </message>
        <message>
            <source>This sample is not approved, or has a report in force already.</source>
            <translation>该样品未批准，或已有有效报告。</translation>
        </message>
        <message>
            <source>No approved sample is waiting for a report.</source>
            <translation>没有等待出具报告的已批准样品。</translation>
        </message>
        <message>
            <source>Folder for the signed reports</source>
            <translation>签名报告的保存文件夹</translation>
        </message>
        <message>
            <source>Rendering the draft…</source>
            <translation>正在生成草稿…</translation>
        </message>
        <message>
            <source>The draft (watermarked, without a number) opens in your PDF viewer.</source>
            <translation>草稿（带水印、无报告编号）将在 PDF 阅读器中打开。</translation>
        </message>
        <message>
            <source>Issuing and signing…</source>
            <translation>正在签发并签名…</translation>
        </message>
        <message>
            <source>Report {number} issued and signed: {path}</source>
            <translation>报告 {number} 已签发并签名：{path}</translation>
        </message>
    </context>
    <context>
        <name>LabProfilePage</name>
        <message>
            <source>Lab name</source>
            <translation>实验室名称</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Telephone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Certificate holder</source>
            <translation>证书持有人</translation>
        </message>
        <message>
            <source>Code prefix</source>
            <translation>编号前缀</translation>
        </message>
        <message>
            <source>Time zone</source>
            <translation>时区</translation>
        </message>
        <message>
            <source>Goes before sample codes and report numbers, e.g. NJ</source>
            <translation>用于样品编号和报告编号的开头，例如 NJ</translation>
        </message>
        <message>
            <source>The name the CMA and CATL certificates are issued to</source>
            <translation>CMA 和 CATL 证书上的持有人名称</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Reports print the lab's name, address and telephone; sample codes and report numbers start with the prefix; every date is the lab's day in its time zone.</source>
            <translation>报告上印有实验室名称、地址和电话；样品编号和报告编号以前缀开头；所有日期均按实验室所在时区计。</translation>
        </message>
        <message>
            <source>The lab profile was saved</source>
            <translation>实验室信息已保存</translation>
        </message>
    </context>
    <context>
        <name>LabelPrintDialog</name>
        <message>
            <source>Print labels</source>
            <translation>打印标签</translation>
        </message>
        <message>
            <source>Samples chosen: {count}</source>
            <translation>已选样品：{count} 个</translation>
        </message>
        <message>
            <source>Labels already used on the sheet are left blank</source>
            <translation>标签纸上已用过的位置留空</translation>
        </message>
        <message>
            <source>For example 2: one for the test portion, one for the retained sample</source>
            <translation>例如 2：一张贴检测样，一张贴备份样</translation>
        </message>
        <message>
            <source>Print…</source>
            <translation>打印…</translation>
        </message>
        <message>
            <source>Save PDF…</source>
            <translation>保存 PDF…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Layout</source>
            <translation>版式</translation>
        </message>
        <message>
            <source>Start at label position</source>
            <translation>从第几个标签位置开始</translation>
        </message>
        <message>
            <source>Labels per sample</source>
            <translation>每个样品的标签数</translation>
        </message>
        <message>
            <source>A4 sheet, 3 × 8 labels of 70 × 36 mm</source>
            <translation>A4 标签纸，3 × 8 张，每张 70 × 36 mm</translation>
        </message>
        <message>
            <source>Label roll, 60 × 40 mm, one label per page</source>
            <translation>卷筒标签，60 × 40 mm，每页一张</translation>
        </message>
        <message>
            <source>Preparing the labels…</source>
            <translation>正在生成标签…</translation>
        </message>
        <message>
            <source>Labels: {labels}; pages: {pages}</source>
            <translation>标签 {labels} 张，共 {pages} 页</translation>
        </message>
        <message>
            <source>Sample labels</source>
            <translation>样品标签</translation>
        </message>
        <message>
            <source>Print preview: sample labels</source>
            <translation>打印预览：样品标签</translation>
        </message>
        <message>
            <source>The labels were sent to the printer</source>
            <translation>标签已发送到打印机</translation>
        </message>
        <message>
            <source>Save the labels as PDF</source>
            <translation>将标签保存为 PDF</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Saved to {path}</source>
            <translation>已保存到 {path}</translation>
        </message>
    </context>
    <context>
        <name>LimitLookupDialog</name>
        <message>
            <source>Limit lookup</source>
            <translation>限量查询</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Demo data — not an official limit</source>
            <translation>演示数据——非官方限量</translation>
        </message>
        <message>
            <source>Limit</source>
            <translation>限量</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Standard</source>
            <translation>标准</translation>
        </message>
        <message>
            <source>Set on</source>
            <translation>设定于</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Type a product</source>
            <translation>请输入产品</translation>
        </message>
        <message>
            <source>Type a parameter</source>
            <translation>请输入参数</translation>
        </message>
        <message>
            <source>No judgment basis: no limit for {parameter} in {product} on {on}</source>
            <translation>无判定依据：{on} {product}中的{parameter}没有限量</translation>
        </message>
        <message>
            <source>Not detectable</source>
            <translation>不得检出</translation>
        </message>
        <message>
            <source>Maximum residue limit</source>
            <translation>最大残留限量</translation>
        </message>
        <message>
            <source>Temporary limit (*)</source>
            <translation>临时限量（*）</translation>
        </message>
        <message>
            <source>inherited from {category}</source>
            <translation>继承自{category}</translation>
        </message>
        <message>
            <source>{product} itself</source>
            <translation>{product}本身</translation>
        </message>
    </context>
    <context>
        <name>ListPage</name>
        <message>
            <source>Retired</source>
            <translation>停用</translation>
        </message>
        <message>
            <source>Search by any column…</source>
            <translation>按任意列搜索…</translation>
        </message>
        <message>
            <source>Show retired</source>
            <translation>显示已停用</translation>
        </message>
        <message>
            <source>Add…</source>
            <translation>新增…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Remove from panel</source>
            <translation>移出套餐</translation>
        </message>
        <message>
            <source>Retire</source>
            <translation>停用</translation>
        </message>
        <message>
            <source>{n} entries</source>
            <translation>共 {n} 条</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复启用</translation>
        </message>
        <message>
            <source>Saved; the change is in the audit trail</source>
            <translation>已保存，修改已记入审计追踪</translation>
        </message>
        <message>
            <source>Taken out of the panel</source>
            <translation>已移出套餐</translation>
        </message>
        <message>
            <source>Retired: records that name it keep it; it is offered for nothing new</source>
            <translation>已停用：已有记录保留该条目，新记录中不再提供</translation>
        </message>
        <message>
            <source>Restored</source>
            <translation>已恢复启用</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Database: {database}</source>
            <translation>数据库：{database}</translation>
        </message>
        <message>
            <source>Agricultural product testing LIMS</source>
            <translation>农产品检测实验室信息管理系统</translation>
        </message>
        <message>
            <source>Enter your user name</source>
            <translation>请输入用户名</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Agricultural product testing LIMS</source>
            <translation>农产品检测实验室信息管理系统</translation>
        </message>
        <message>
            <source>Sample list</source>
            <translation>样品列表</translation>
        </message>
        <message>
            <source>Samples</source>
            <translation>样品</translation>
        </message>
        <message>
            <source>Worklist</source>
            <translation>工作清单</translation>
        </message>
        <message>
            <source>Failing results</source>
            <translation>不合格样品</translation>
        </message>
        <message>
            <source>Scope</source>
            <translation>资质范围</translation>
        </message>
        <message>
            <source>Instruments</source>
            <translation>仪器</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Master data</source>
            <translation>基础数据</translation>
        </message>
        <message>
            <source>Audit trail</source>
            <translation>审计追踪</translation>
        </message>
        <message>
            <source>Administration</source>
            <translation>系统管理</translation>
        </message>
        <message>
            <source>&amp;System</source>
            <translation>系统(&amp;S)</translation>
        </message>
        <message>
            <source>Change password…</source>
            <translation>修改密码…</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Limit lookup…</source>
            <translation>限量查询…</translation>
        </message>
        <message>
            <source>Import sampling list…</source>
            <translation>导入抽样清单…</translation>
        </message>
        <message>
            <source>Import limit table…</source>
            <translation>导入限量表…</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>查看(&amp;V)</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Register sample…</source>
            <translation>登记样品…</translation>
        </message>
        <message>
            <source>Register a sample from its sampling form (Ctrl+N)</source>
            <translation>按抽样单登记样品（Ctrl+N）</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>About…</source>
            <translation>关于…</translation>
        </message>
        <message>
            <source>User: {name} ({roles})</source>
            <translation>用户：{name}（{roles}）</translation>
        </message>
        <message>
            <source>Database: {database} ({backend})</source>
            <translation>数据库：{database}（{backend}）</translation>
        </message>
        <message>
            <source>Workstation: {name}</source>
            <translation>工作站：{name}</translation>
        </message>
        <message>
            <source>Your password was changed</source>
            <translation>密码已修改</translation>
        </message>
        <message>
            <source>Sample</source>
            <translation>样品</translation>
        </message>
        <message>
            <source>Sample {code}</source>
            <translation>样品 {code}</translation>
        </message>
        <message>
            <source>The new language applies the next time you start the program.</source>
            <translation>新的界面语言将在下次启动程序时生效。</translation>
        </message>
        <message>
            <source>Version {version}</source>
            <translation>版本 {version}</translation>
        </message>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
    </context>
    <context>
        <name>MasterData</name>
        <message>
            <source>Products</source>
            <translation>产品分类</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>检测参数</translation>
        </message>
        <message>
            <source>Standards</source>
            <translation>标准</translation>
        </message>
        <message>
            <source>Methods</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Limits</source>
            <translation>限量</translation>
        </message>
        <message>
            <source>Panels</source>
            <translation>检测套餐</translation>
        </message>
        <message>
            <source>Areas</source>
            <translation>区域</translation>
        </message>
        <message>
            <source>Producers</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Sampling tasks</source>
            <translation>抽样任务</translation>
        </message>
        <message>
            <source>Kit lots</source>
            <translation>试剂批次</translation>
        </message>
        <message>
            <source>Authorisations</source>
            <translation>人员授权</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>编码</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Aliases</source>
            <translation>别名</translation>
        </message>
        <message>
            <source>Under</source>
            <translation>上级</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>是否类别</translation>
        </message>
        <message>
            <source>Retired</source>
            <translation>停用</translation>
        </message>
        <message>
            <source>English name</source>
            <translation>英文名</translation>
        </message>
        <message>
            <source>CAS number</source>
            <translation>CAS号</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Banned substance</source>
            <translation>禁用物质</translation>
        </message>
        <message>
            <source>Standard number</source>
            <translation>标准号</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年号</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>In force from</source>
            <translation>实施日期</translation>
        </message>
        <message>
            <source>Withdrawn on</source>
            <translation>废止日期</translation>
        </message>
        <message>
            <source>Replaced by</source>
            <translation>被替代为</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Standard with year</source>
            <translation>标准（含年号）</translation>
        </message>
        <message>
            <source>Technique</source>
            <translation>技术</translation>
        </message>
        <message>
            <source>LOD</source>
            <translation>检出限</translation>
        </message>
        <message>
            <source>LOQ</source>
            <translation>定量限</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Reporting digits</source>
            <translation>报告位数</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Limit</source>
            <translation>限量值</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源（标准、版本、表）</translation>
        </message>
        <message>
            <source>Panel</source>
            <translation>套餐名称</translation>
        </message>
        <message>
            <source>Method (standard with year)</source>
            <translation>方法（标准含年号）</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>级别</translation>
        </message>
        <message>
            <source>Credit code</source>
            <translation>统一社会信用代码</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>区域</translation>
        </message>
        <message>
            <source>Issued by</source>
            <translation>下达单位</translation>
        </message>
        <message>
            <source>Starts on</source>
            <translation>开始日期</translation>
        </message>
        <message>
            <source>Ends on</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>Planned batches</source>
            <translation>计划批次</translation>
        </message>
        <message>
            <source>Maker</source>
            <translation>生产商</translation>
        </message>
        <message>
            <source>Lot number</source>
            <translation>批号</translation>
        </message>
        <message>
            <source>Method kind</source>
            <translation>方法类型</translation>
        </message>
        <message>
            <source>Cut-offs (JSON)</source>
            <translation>判定阈值（JSON）</translation>
        </message>
        <message>
            <source>Expires on</source>
            <translation>有效期至</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>May test</source>
            <translation>可检测</translation>
        </message>
        <message>
            <source>May sign</source>
            <translation>可签字</translation>
        </message>
        <message>
            <source>Valid from</source>
            <translation>生效日期</translation>
        </message>
        <message>
            <source>Valid to</source>
            <translation>失效日期</translation>
        </message>
        <message>
            <source>Class</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Limit kind</source>
            <translation>限量类型</translation>
        </message>
        <message>
            <source>Limit standard with year</source>
            <translation>限量标准（含年号）</translation>
        </message>
        <message>
            <source>Task code</source>
            <translation>任务编号</translation>
        </message>
        <message>
            <source>Task kind</source>
            <translation>任务类型</translation>
        </message>
        <message>
            <source>Task title</source>
            <translation>任务名称</translation>
        </message>
        <message>
            <source>Method (empty: any)</source>
            <translation>方法（空为不限）</translation>
        </message>
        <message>
            <source>Pesticide</source>
            <translation>农药</translation>
        </message>
        <message>
            <source>Veterinary drug</source>
            <translation>兽药</translation>
        </message>
        <message>
            <source>Contaminant</source>
            <translation>污染物</translation>
        </message>
        <message>
            <source>Quality</source>
            <translation>品质</translation>
        </message>
        <message>
            <source>Element</source>
            <translation>元素</translation>
        </message>
        <message>
            <source>Biotoxin</source>
            <translation>生物毒素</translation>
        </message>
        <message>
            <source>Method standard</source>
            <translation>方法标准</translation>
        </message>
        <message>
            <source>Limit standard</source>
            <translation>限量标准</translation>
        </message>
        <message>
            <source>Product standard</source>
            <translation>产品标准</translation>
        </message>
        <message>
            <source>Laboratory method</source>
            <translation>实验室方法</translation>
        </message>
        <message>
            <source>Enzyme inhibition</source>
            <translation>酶抑制法</translation>
        </message>
        <message>
            <source>Colloidal gold</source>
            <translation>胶体金</translation>
        </message>
        <message>
            <source>League / city</source>
            <translation>盟市</translation>
        </message>
        <message>
            <source>Banner / county</source>
            <translation>旗县</translation>
        </message>
        <message>
            <source>Sumu / township</source>
            <translation>苏木乡镇</translation>
        </message>
        <message>
            <source>Gacha / village</source>
            <translation>嘎查村</translation>
        </message>
        <message>
            <source>Enterprise</source>
            <translation>企业</translation>
        </message>
        <message>
            <source>Cooperative</source>
            <translation>农民专业合作社</translation>
        </message>
        <message>
            <source>Family farm</source>
            <translation>家庭农牧场</translation>
        </message>
        <message>
            <source>Smallholder</source>
            <translation>小农户</translation>
        </message>
        <message>
            <source>Slaughterhouse</source>
            <translation>屠宰场</translation>
        </message>
        <message>
            <source>Market</source>
            <translation>农贸市场</translation>
        </message>
        <message>
            <source>Routine monitoring</source>
            <translation>例行监测</translation>
        </message>
        <message>
            <source>Supervision sampling</source>
            <translation>监督抽查</translation>
        </message>
        <message>
            <source>Special monitoring</source>
            <translation>专项监测</translation>
        </message>
        <message>
            <source>Commissioned test</source>
            <translation>委托检验</translation>
        </message>
        <message>
            <source>Confirmation of a rapid screen</source>
            <translation>速测复检</translation>
        </message>
        <message>
            <source>Maximum residue limit</source>
            <translation>最大残留限量</translation>
        </message>
        <message>
            <source>Temporary limit</source>
            <translation>临时限量</translation>
        </message>
        <message>
            <source>Not detectable</source>
            <translation>不得检出</translation>
        </message>
    </context>
    <context>
        <name>MasterDataView</name>
        <message>
            <source>Lab profile</source>
            <translation>实验室信息</translation>
        </message>
        <message>
            <source>Instruments</source>
            <translation>仪器</translation>
        </message>
        <message>
            <source>Export workbook…</source>
            <translation>导出工作簿…</translation>
        </message>
        <message>
            <source>Every list to one Excel workbook, a sheet each, to fill in or to move the set-up to another database</source>
            <translation>将各项基础数据导出到一个 Excel 工作簿（每项一个工作表），用于填写或迁移到其他数据库</translation>
        </message>
        <message>
            <source>Import workbook…</source>
            <translation>导入工作簿…</translation>
        </message>
        <message>
            <source>Add or update the lists from a filled-in lab workbook</source>
            <translation>从填好的基础数据工作簿新增或更新各项数据</translation>
        </message>
        <message>
            <source>You can read these lists; a lab manager or an administrator changes them.</source>
            <translation>您可以查看这些数据；修改须由实验室主任或系统管理员进行。</translation>
        </message>
        <message>
            <source>Export the lab workbook</source>
            <translation>导出基础数据工作簿</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Writing {path}…</source>
            <translation>正在写入 {path}…</translation>
        </message>
        <message>
            <source>{n} rows written to {path}</source>
            <translation>已将 {n} 行写入 {path}</translation>
        </message>
    </context>
    <context>
        <name>NewExpansionDialog</name>
        <message>
            <source>New expansion application</source>
            <translation>新建扩项申请</translation>
        </message>
        <message>
            <source>Submit the application</source>
            <translation>提交申请</translation>
        </message>
        <message>
            <source>Application title</source>
            <translation>申请标题</translation>
        </message>
        <message>
            <source>e.g. 2026 pesticide residues in vegetables</source>
            <translation>例如 2026年蔬菜农药残留扩项</translation>
        </message>
        <message>
            <source>For</source>
            <translation>申请范围</translation>
        </message>
        <message>
            <source>Planned on</source>
            <translation>计划日期</translation>
        </message>
        <message>
            <source>Responsible</source>
            <translation>负责人</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Product section</source>
            <translation>产品类别</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Method standard with its year</source>
            <translation>方法标准（含年号）</translation>
        </message>
        <message>
            <source>Limits of use</source>
            <translation>限制范围</translation>
        </message>
        <message>
            <source>Add a row</source>
            <translation>增加一行</translation>
        </message>
        <message>
            <source>Rows asked for</source>
            <translation>申请的项目</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>ReceiptDialog</name>
        <message>
            <source>Receive sample {code}</source>
            <translation>收样：{code}</translation>
        </message>
        <message>
            <source>Receive</source>
            <translation>收样</translation>
        </message>
        <message>
            <source>Condition on receipt</source>
            <translation>收样时样品状态</translation>
        </message>
        <message>
            <source>e.g. packaging intact, seal unbroken, chilled</source>
            <translation>例如：包装完好，封条完整，冷藏</translation>
        </message>
        <message>
            <source>Storage place</source>
            <translation>存放位置</translation>
        </message>
        <message>
            <source>e.g. refrigerator A-2</source>
            <translation>例如：冷藏柜A-2</translation>
        </message>
    </context>
    <context>
        <name>RegistrationDialog</name>
        <message>
            <source>Register a sample</source>
            <translation>登记样品</translation>
        </message>
        <message>
            <source>Enterprise</source>
            <translation>企业</translation>
        </message>
        <message>
            <source>Cooperative</source>
            <translation>农民专业合作社</translation>
        </message>
        <message>
            <source>Family farm</source>
            <translation>家庭农牧场</translation>
        </message>
        <message>
            <source>Smallholder</source>
            <translation>小农户</translation>
        </message>
        <message>
            <source>Slaughterhouse</source>
            <translation>屠宰场</translation>
        </message>
        <message>
            <source>Market</source>
            <translation>农贸市场</translation>
        </message>
        <message>
            <source>(no task)</source>
            <translation>（无任务）</translation>
        </message>
        <message>
            <source>Type part of the name to search</source>
            <translation>输入名称的一部分查找</translation>
        </message>
        <message>
            <source>New producer, not in the list</source>
            <translation>新受检单位（列表中没有）</translation>
        </message>
        <message>
            <source>18 characters, e.g. 91150421MA0AY4CL0U</source>
            <translation>18 位，例如 91150421MA0AY4CL0U</translation>
        </message>
        <message>
            <source>e.g. 500 kg</source>
            <translation>例如：500 kg</translation>
        </message>
        <message>
            <source>e.g. 1 kg</source>
            <translation>例如：1 kg</translation>
        </message>
        <message>
            <source>Seal intact</source>
            <translation>封样完好</translation>
        </message>
        <message>
            <source>Backup sample kept</source>
            <translation>已留备份样</translation>
        </message>
        <message>
            <source>e.g. refrigerated</source>
            <translation>例如：冷藏</translation>
        </message>
        <message>
            <source>Compliance certificate present</source>
            <translation>附有承诺达标合格证</translation>
        </message>
        <message>
            <source>Brought in by the client (the lab did not take it)</source>
            <translation>委托方送样（非本机构抽样）</translation>
        </message>
        <message>
            <source>e.g. fresh leaves, about 1 kg in a sealed bag</source>
            <translation>例如：鲜叶，约 1 kg，密封袋装</translation>
        </message>
        <message>
            <source>Sampling</source>
            <translation>抽样信息</translation>
        </message>
        <message>
            <source>Sampling task</source>
            <translation>抽样任务</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>区域</translation>
        </message>
        <message>
            <source>Sampled at</source>
            <translation>抽样时间</translation>
        </message>
        <message>
            <source>Sampler 1</source>
            <translation>抽样人 1</translation>
        </message>
        <message>
            <source>Sampler 2</source>
            <translation>抽样人 2</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Credit code</source>
            <translation>统一社会信用代码</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>联系电话</translation>
        </message>
        <message>
            <source>Sample</source>
            <translation>样品</translation>
        </message>
        <message>
            <source>Batch size</source>
            <translation>抽样基数</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>抽样数量</translation>
        </message>
        <message>
            <source>Storage</source>
            <translation>贮存条件</translation>
        </message>
        <message>
            <source>Certificate no.</source>
            <translation>合格证编号</translation>
        </message>
        <message>
            <source>Origin and remarks</source>
            <translation>来源与备注</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>委托单位</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>样品描述</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>Open the sample</source>
            <translation>打开样品</translation>
        </message>
        <message>
            <source>Register another</source>
            <translation>继续登记</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Sample registered. Write this code on the sample and its form:</source>
            <translation>样品已登记。请将此编号写在样品和抽样单上：</translation>
        </message>
        <message>
            <source>(choose the product)</source>
            <translation>（请选择产品）</translation>
        </message>
        <message>
            <source>(not recorded)</source>
            <translation>（未填写）</translation>
        </message>
    </context>
    <context>
        <name>RemoveAliasDialog</name>
        <message>
            <source>Remove alias</source>
            <translation>删除别名</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>{alias} will no longer count as {canonical}: tests named so may fall outside the scope.</source>
            <translation>{alias} 将不再视同 {canonical}：以此名称记录的检测可能落在范围之外。</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>ReportIdentity</name>
        <message>
            <source>None: import the lab's certificate or generate a test one</source>
            <translation>无：请导入本机构的签名证书，或生成测试证书</translation>
        </message>
        <message>
            <source> (for testing only)</source>
            <translation>（仅供测试）</translation>
        </message>
    </context>
    <context>
        <name>ReportSettingsDialog</name>
        <message>
            <source>Report settings</source>
            <translation>报告设置</translation>
        </message>
        <message>
            <source>e.g. http://tsa.example.cn/tsa; empty: no time-stamp</source>
            <translation>例如 http://tsa.example.cn/tsa；留空则不加时间戳</translation>
        </message>
        <message>
            <source> s</source>
            <translation> 秒</translation>
        </message>
        <message>
            <source>When a time-stamp server is set, every issued report's signature carries its time-stamp (PAdES B-T). A server that does not answer stops the issue: no report number is used.</source>
            <translation>设置时间戳服务器后，每份签发报告的签名都带有其时间戳（PAdES B-T）。服务器无响应时停止签发，不占用报告编号。</translation>
        </message>
        <message>
            <source>Time-stamp server (RFC 3161):</source>
            <translation>时间戳服务器（RFC 3161）：</translation>
        </message>
        <message>
            <source>Wait for it at most:</source>
            <translation>最长等待：</translation>
        </message>
        <message>
            <source>Test the server</source>
            <translation>测试服务器</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>正在保存…</translation>
        </message>
        <message>
            <source>Saved: reports are time-stamped by {url}.</source>
            <translation>已保存：报告将由 {url} 加盖时间戳。</translation>
        </message>
        <message>
            <source>Saved: reports are signed without a time-stamp.</source>
            <translation>已保存：报告签名不加时间戳。</translation>
        </message>
        <message>
            <source>Asking {url} for a time-stamp…</source>
            <translation>正在向 {url} 申请时间戳…</translation>
        </message>
        <message>
            <source>{url} answered with a time-stamp.</source>
            <translation>{url} 已返回时间戳。</translation>
        </message>
    </context>
    <context>
        <name>ReportsView</name>
        <message>
            <source>Report number</source>
            <translation>报告编号</translation>
        </message>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Issued at</source>
            <translation>签发时间</translation>
        </message>
        <message>
            <source>Issued by</source>
            <translation>签发人</translation>
        </message>
        <message>
            <source>Replaces</source>
            <translation>替代报告</translation>
        </message>
        <message>
            <source>Issue report…</source>
            <translation>签发报告…</translation>
        </message>
        <message>
            <source>Issue in a batch…</source>
            <translation>批量签发…</translation>
        </message>
        <message>
            <source>Issue reports for many approved samples, or all of a task, with a progress bar and Cancel</source>
            <translation>为多份已批准样品（或某一任务的全部样品）签发报告，显示进度，可取消</translation>
        </message>
        <message>
            <source>Report settings…</source>
            <translation>报告设置…</translation>
        </message>
        <message>
            <source>The time-stamp server (lab policy: a manager or administrator)</source>
            <translation>时间戳服务器（实验室规则：由实验室主管或管理员设置）</translation>
        </message>
        <message>
            <source>Verify a report PDF…</source>
            <translation>验证报告 PDF…</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>重新读取</translation>
        </message>
        <message>
            <source>Reports shown: {n}</source>
            <translation>显示 {n} 份报告</translation>
        </message>
        <message>
            <source>(no number until issued)</source>
            <translation>（签发时编号）</translation>
        </message>
    </context>
    <context>
        <name>RequiredDialog</name>
        <message>
            <source>Required parameters</source>
            <translation>监管要求参数</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>The parameters supervision requires for a product, from the monitoring plan. The scope audit ranks those the scope does not cover into what to expand next.</source>
            <translation>监测方案对产品要求检测的参数。认证范围审核将能力范围未覆盖的参数排序为扩项建议。</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>检测参数</translation>
        </message>
        <message>
            <source>Names separated by 、 or commas, e.g. 毒死蜱、甲拌磷</source>
            <translation>以顿号或逗号分隔，例如 毒死蜱、甲拌磷</translation>
        </message>
        <message>
            <source>Required by</source>
            <translation>依据</translation>
        </message>
        <message>
            <source>e.g. 2026年例行监测方案</source>
            <translation>例如 2026年例行监测方案</translation>
        </message>
    </context>
    <context>
        <name>ResetPasswordDialog</name>
        <message>
            <source>Reset the password of {user}</source>
            <translation>重置用户 {user} 的密码</translation>
        </message>
        <message>
            <source>Tell the user the new password in person; the old one stops working at once.</source>
            <translation>请当面告知该用户新密码；旧密码立即失效。</translation>
        </message>
        <message>
            <source>Reset password</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>ResultsGrid</name>
        <message>
            <source>{row}: {value} saved</source>
            <translation>{row}：{value} 已保存</translation>
        </message>
        <message>
            <source>{row}: {message}</source>
            <translation>{row}：{message}</translation>
        </message>
        <message>
            <source>Change the result of {parameter}</source>
            <translation>修改 {parameter} 的结果</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
    </context>
    <context>
        <name>ResultsModel</name>
        <message>
            <source>Sample</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>检测方法</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>检测值</translation>
        </message>
        <message>
            <source>ND</source>
            <translation>未检出</translation>
        </message>
        <message>
            <source>Reported</source>
            <translation>报告值</translation>
        </message>
        <message>
            <source>Verdict</source>
            <translation>判定</translation>
        </message>
        <message>
            <source>Judgment basis</source>
            <translation>判定依据</translation>
        </message>
        <message>
            <source>Entered by</source>
            <translation>录入人</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Earlier values</source>
            <translation>历史值</translation>
        </message>
        <message>
            <source>Scope (CMA / CATL)</source>
            <translation>认证范围（CMA / CATL）</translation>
        </message>
        <message>
            <source>Awaiting result</source>
            <translation>待录入</translation>
        </message>
        <message>
            <source>Result entered</source>
            <translation>已录入</translation>
        </message>
        <message>
            <source>Verified</source>
            <translation>已审核</translation>
        </message>
        <message>
            <source>Dropped</source>
            <translation>已撤销</translation>
        </message>
        <message>
            <source>{value}: detected, but below the method's limit of quantification (LOQ)</source>
            <translation>{value}：已检出，但低于方法定量限（LOQ）</translation>
        </message>
        <message>
            <source>Not detected</source>
            <translation>未检出</translation>
        </message>
        <message>
            <source>{value} (&lt;LOQ)</source>
            <translation>{value}（&lt;定量限）</translation>
        </message>
        <message>
            <source>(certificate {number}, row {row})</source>
            <translation>（证书 {number}，附表第 {row} 项）</translation>
        </message>
        <message>
            <source>No limit applies to this product</source>
            <translation>该产品无适用限量</translation>
        </message>
        <message>
            <source>{basis} (inherited from {category})</source>
            <translation>{basis}（沿用“{category}”的限量）</translation>
        </message>
        <message>
            <source>Earlier values, newest first:</source>
            <translation>历史值（新的在前）：</translation>
        </message>
        <message>
            <source>{value} by {name}, {time}</source>
            <translation>{value}（{name}，{time}）</translation>
        </message>
        <message>
            <source>Reason for the change: {reason}</source>
            <translation>修改原因：{reason}</translation>
        </message>
    </context>
    <context>
        <name>SampleDetailView</name>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>区域</translation>
        </message>
        <message>
            <source>Sampling task</source>
            <translation>抽样任务</translation>
        </message>
        <message>
            <source>Sampled at</source>
            <translation>抽样时间</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>收样</translation>
        </message>
        <message>
            <source>{caption}:</source>
            <translation>{caption}：</translation>
        </message>
        <message>
            <source>Receive…</source>
            <translation>收样…</translation>
        </message>
        <message>
            <source>Reject…</source>
            <translation>拒收…</translation>
        </message>
        <message>
            <source>Start testing</source>
            <translation>开始检测</translation>
        </message>
        <message>
            <source>Assign panel</source>
            <translation>分配检测项目</translation>
        </message>
        <message>
            <source>Add test…</source>
            <translation>添加检测项目…</translation>
        </message>
        <message>
            <source>Drop test…</source>
            <translation>撤销检测项目…</translation>
        </message>
        <message>
            <source>Submit for review</source>
            <translation>提交审核</translation>
        </message>
        <message>
            <source>Verify…</source>
            <translation>审核…</translation>
        </message>
        <message>
            <source>Retract</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>Retest</source>
            <translation>重新检测</translation>
        </message>
        <message>
            <source>Approve…</source>
            <translation>批准…</translation>
        </message>
        <message>
            <source>Cancel sample…</source>
            <translation>取消样品…</translation>
        </message>
        <message>
            <source>Invalidate…</source>
            <translation>作废…</translation>
        </message>
        <message>
            <source>Rapid screen…</source>
            <translation>速测…</translation>
        </message>
        <message>
            <source>Issue report…</source>
            <translation>签发报告…</translation>
        </message>
        <message>
            <source>Print labels…</source>
            <translation>打印标签…</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>重新读取</translation>
        </message>
        <message>
            <source>Type a value in the Value column and press Enter to save it; type ND for not detected.</source>
            <translation>在“检测值”列输入数值后按回车键保存；未检出请输入 ND。</translation>
        </message>
        <message>
            <source>Rapid screens (not results):</source>
            <translation>速测结果（不是检测结果）：</translation>
        </message>
        <message>
            <source>inhibition {pct} %</source>
            <translation>抑制率 {pct} %</translation>
        </message>
        <message>
            <source>T/C {ratio}</source>
            <translation>T/C {ratio}</translation>
        </message>
        <message>
            <source>kit lot {lot}</source>
            <translation>试剂批次：{lot}</translation>
        </message>
        <message>
            <source>read by {instrument}</source>
            <translation>仪器：{instrument}</translation>
        </message>
        <message>
            <source>confirmation: {test}</source>
            <translation>确证检测：{test}</translation>
        </message>
        <message>
            <source>Verdict: {verdict}</source>
            <translation>判定：{verdict}</translation>
        </message>
        <message>
            <source>{time}, {condition}; kept at {place}</source>
            <translation>{time}，{condition}；存放于{place}</translation>
        </message>
        <message>
            <source>Rejected: {reason}</source>
            <translation>已拒收：{reason}</translation>
        </message>
        <message>
            <source>Not yet</source>
            <translation>尚未收样</translation>
        </message>
        <message>
            <source>Reviewed by {name} on {time}</source>
            <translation>审核：{name}（{time}）</translation>
        </message>
        <message>
            <source>Approved by {name} on {time}</source>
            <translation>批准：{name}（{time}）</translation>
        </message>
        <message>
            <source>Signatures: {list}</source>
            <translation>电子签名：{list}</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Drop the test {parameter}</source>
            <translation>撤销检测项目：{parameter}</translation>
        </message>
        <message>
            <source>Why is this test dropped? The reason is kept in the audit trail.</source>
            <translation>为什么撤销该检测项目？原因将记入审计追踪。</translation>
        </message>
        <message>
            <source>Drop test</source>
            <translation>撤销检测项目</translation>
        </message>
        <message>
            <source>Sign as reviewer</source>
            <translation>以审核人身份签名</translation>
        </message>
        <message>
            <source>Sample {code}: with your password you sign that you have reviewed every result of it.</source>
            <translation>样品 {code}：输入密码即表示您已审核其全部检测结果并签名。</translation>
        </message>
        <message>
            <source>Approve as authorised signatory</source>
            <translation>以授权签字人身份批准</translation>
        </message>
        <message>
            <source>Sample {code}: with your password you approve its results for the report.</source>
            <translation>样品 {code}：输入密码即表示您批准其检测结果用于出具报告。</translation>
        </message>
        <message>
            <source>Sample {code}: confirm this step with your password.</source>
            <translation>样品 {code}：请输入密码确认此操作。</translation>
        </message>
        <message>
            <source>{action}: sample {code}</source>
            <translation>{action}：样品 {code}</translation>
        </message>
        <message>
            <source>Give the reason. It is kept in the audit trail.</source>
            <translation>请填写原因，原因将记入审计追踪。</translation>
        </message>
        <message>
            <source>Outside the scope: approving signs {n} test(s) that a certificate's scope does not cover, or that a person must confirm; the report does not cover them with that certificate's mark.</source>
            <translation>超出资质范围：批准将签署 {n} 个证书能力范围未覆盖或需人工确认的检测项目；报告中这些项目不在该证书标志的覆盖之内。</translation>
        </message>
        <message>
            <source>The sample is now: {status}</source>
            <translation>样品状态：{status}</translation>
        </message>
    </context>
    <context>
        <name>SamplesView</name>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>区域</translation>
        </message>
        <message>
            <source>Sampling task</source>
            <translation>抽样任务</translation>
        </message>
        <message>
            <source>Sampling date</source>
            <translation>抽样日期</translation>
        </message>
        <message>
            <source>Verdict</source>
            <translation>判定</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>All tasks</source>
            <translation>全部任务</translation>
        </message>
        <message>
            <source>All products</source>
            <translation>全部产品</translation>
        </message>
        <message>
            <source>All areas</source>
            <translation>全部区域</translation>
        </message>
        <message>
            <source>All producers</source>
            <translation>全部受检单位</translation>
        </message>
        <message>
            <source>All verdicts</source>
            <translation>全部判定</translation>
        </message>
        <message>
            <source>From</source>
            <translation>起始日期</translation>
        </message>
        <message>
            <source>To</source>
            <translation>截止日期</translation>
        </message>
        <message>
            <source>Search by sample code or producer</source>
            <translation>按样品编号或受检单位查找</translation>
        </message>
        <message>
            <source>Clear filters</source>
            <translation>清除筛选</translation>
        </message>
        <message>
            <source>Export results…</source>
            <translation>导出检测结果…</translation>
        </message>
        <message>
            <source>The current results of the samples these filters show, to Excel (.xlsx) or CSV</source>
            <translation>将当前筛选出的样品的现行检测结果导出为 Excel（.xlsx）或 CSV</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>正在查找…</translation>
        </message>
        <message>
            <source>Samples found: {n}</source>
            <translation>共 {n} 个样品</translation>
        </message>
        <message>
            <source>Export results</source>
            <translation>导出检测结果</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
            <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
        </message>
        <message>
            <source>Exporting results to {path}…</source>
            <translation>正在导出检测结果到 {path}…</translation>
        </message>
        <message>
            <source>{n} result(s) written to {path}</source>
            <translation>已将 {n} 条检测结果写入 {path}</translation>
        </message>
        <message>
            <source>No sample has the code {code}</source>
            <translation>未找到样品 {code}</translation>
        </message>
        <message>
            <source>Selected sample: {code}</source>
            <translation>已选样品：{code}</translation>
        </message>
    </context>
    <context>
        <name>ScopeAuditPanel</name>
        <message>
            <source> days</source>
            <translation> 天</translation>
        </message>
        <message>
            <source>Run audit</source>
            <translation>开始审核</translation>
        </message>
        <message>
            <source>Tests of the last</source>
            <translation>审核最近</translation>
        </message>
        <message>
            <source>Audit the period</source>
            <translation>审核该期间</translation>
        </message>
        <message>
            <source>Export Excel and PDF…</source>
            <translation>导出 Excel 和 PDF…</translation>
        </message>
        <message>
            <source>Required parameters…</source>
            <translation>监管要求参数…</translation>
        </message>
        <message>
            <source>Period from</source>
            <translation>期间 自</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
        <message>
            <source>certificates expiring within</source>
            <translation>证书到期提醒</translation>
        </message>
        <message>
            <source>Run the audit to see the tests outside the scope</source>
            <translation>开始审核，查看超出认证范围的检测</translation>
        </message>
        <message>
            <source>Sample</source>
            <translation>样品</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>检测方法</translation>
        </message>
        <message>
            <source>Test date</source>
            <translation>检测日期</translation>
        </message>
        <message>
            <source>Certificate</source>
            <translation>证书</translation>
        </message>
        <message>
            <source>Verdict</source>
            <translation>判定</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>{kind}: {inside} in scope, {review} to confirm, {out} out</source>
            <translation>{kind}：范围内 {inside} 项，待确认 {review} 项，超范围 {out} 项</translation>
        </message>
        <message>
            <source>{start} to {end}: {tests} test(s). {parts}</source>
            <translation>{start} 至 {end}：共 {tests} 项检测。{parts}</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Renewal due: {list}</source>
            <translation>应申请复查换证：{list}</translation>
        </message>
        <message>
            <source>{kind} {number} valid until {day} ({days} days left)</source>
            <translation>{kind} {number} 有效期至 {day}（剩余 {days} 天）</translation>
        </message>
        <message>
            <source>No certificate is due for renewal</source>
            <translation>暂无需要换证的证书</translation>
        </message>
        <message>
            <source>Required parameters saved: {list}</source>
            <translation>监管要求参数已保存：{list}</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Save the scope audit</source>
            <translation>保存认证范围审核</translation>
        </message>
        <message>
            <source>scope audit {start} to {end}.xlsx</source>
            <translation>认证范围审核 {start} 至 {end}.xlsx</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Writing the audit…</source>
            <translation>正在写入审核结果…</translation>
        </message>
        <message>
            <source>Written: {excel} and {pdf}</source>
            <translation>已写入：{excel} 和 {pdf}</translation>
        </message>
        <message>
            <source>{start} to {end}: {tests} test(s)</source>
            <translation>{start} 至 {end}：共 {tests} 项检测</translation>
        </message>
        <message>
            <source>Reports with a mark they should not have: {n} of {checked} checked (must be none)</source>
            <translation>标志使用错误的报告：{n} 份（已核查 {checked} 份，应为无）</translation>
        </message>
        <message>
            <source>Certificates expiring within {days} days: {list}</source>
            <translation>{days} 天内到期的证书：{list}</translation>
        </message>
        <message>
            <source>Tests by a withdrawn or replaced method edition: {n}; ability-table rows naming one: {rows}</source>
            <translation>使用已废止或被代替方法版本的检测：{n} 项；能力附表中列有此类版本的行：{rows}</translation>
        </message>
        <message>
            <source>Signatories authorised outside the scope: {outside}; parameters in the scope nobody may sign: {unsigned}</source>
            <translation>授权签字超出能力范围：{outside} 项；范围内无人被授权签字的参数：{unsigned} 项</translation>
        </message>
        <message>
            <source>Expand next: {list}</source>
            <translation>建议扩项：{list}</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>无</translation>
        </message>
    </context>
    <context>
        <name>ScopeView</name>
        <message>
            <source>Kind</source>
            <translation>证书类别</translation>
        </message>
        <message>
            <source>Certificate number</source>
            <translation>证书编号</translation>
        </message>
        <message>
            <source>Holder</source>
            <translation>持证机构</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Ability table</source>
            <translation>能力附表</translation>
        </message>
        <message>
            <source>Rows</source>
            <translation>行数</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Product / parameter</source>
            <translation>产品/项目/参数</translation>
        </message>
        <message>
            <source>Method standard</source>
            <translation>依据的标准（方法）名称及编号（含年号）</translation>
        </message>
        <message>
            <source>Method edition</source>
            <translation>方法版本状态</translation>
        </message>
        <message>
            <source>Limits of use</source>
            <translation>限制范围</translation>
        </message>
        <message>
            <source>Remark</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Select a certificate to see its ability table</source>
            <translation>选择一个证书以查看其能力附表</translation>
        </message>
        <message>
            <source>Certificates</source>
            <translation>资质证书</translation>
        </message>
        <message>
            <source>Add certificate…</source>
            <translation>登记证书…</translation>
        </message>
        <message>
            <source>Edit certificate…</source>
            <translation>修改证书…</translation>
        </message>
        <message>
            <source>Import ability table…</source>
            <translation>导入能力附表…</translation>
        </message>
        <message>
            <source>Only a lab manager changes the certificates and their scope</source>
            <translation>只有实验室负责人可以修改资质证书及其能力范围</translation>
        </message>
        <message>
            <source>Certificates and ability tables</source>
            <translation>资质证书与能力附表</translation>
        </message>
        <message>
            <source>Scope audit</source>
            <translation>认证范围审核</translation>
        </message>
        <message>
            <source>Expansion applications</source>
            <translation>扩项申请</translation>
        </message>
        <message>
            <source>Aliases</source>
            <translation>别名</translation>
        </message>
        <message>
            <source>Select the certificate to edit</source>
            <translation>请先选择要修改的证书</translation>
        </message>
        <message>
            <source>Select the certificate whose ability table you import</source>
            <translation>请先选择要导入能力附表的证书</translation>
        </message>
        <message>
            <source>No certificates are recorded yet</source>
            <translation>尚未登记资质证书</translation>
        </message>
        <message>
            <source>Ability table of {kind} {number}: loading…</source>
            <translation>{kind} {number} 的能力附表：正在读取…</translation>
        </message>
        <message>
            <source>{kind} {number} has no ability table yet</source>
            <translation>{kind} {number} 尚无能力附表</translation>
        </message>
        <message>
            <source>Ability table of {kind} {number}, version {version}: {n} rows</source>
            <translation>{kind} {number} 的能力附表，第 {version} 版：共 {n} 行</translation>
        </message>
        <message>
            <source>; {n} name a method edition that is withdrawn or replaced</source>
            <translation>；其中 {n} 行所列方法版本已废止或被代替</translation>
        </message>
        <message>
            <source>{start} to {end}</source>
            <translation>{start} 至 {end}</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Renewal due: {n} days left</source>
            <translation>应申请复查换证：剩余 {n} 天</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Version {n} ({day})</source>
            <translation>第 {n} 版（{day}）</translation>
        </message>
    </context>
    <context>
        <name>ScreenDialog</name>
        <message>
            <source>Rapid screen of sample {code}</source>
            <translation>样品 {code} 速测</translation>
        </message>
        <message>
            <source>A rapid screen is not a result. A positive or suspect screen opens a confirmation test by a laboratory method on the retained sample.</source>
            <translation>速测结果不是检测结果。阳性或可疑的速测结果将对留样开立实验室方法确证检测。</translation>
        </message>
        <message>
            <source>e.g. 0.303</source>
            <translation>例如 0.303</translation>
        </message>
        <message>
            <source>e.g. 0.131</source>
            <translation>例如 0.131</translation>
        </message>
        <message>
            <source>T line, as the reader shows it</source>
            <translation>T 线读数，按读数仪显示填写</translation>
        </message>
        <message>
            <source>C line, as the reader shows it</source>
            <translation>C 线读数，按读数仪显示填写</translation>
        </message>
        <message>
            <source>Confirmation by</source>
            <translation>确证方法</translation>
        </message>
        <message>
            <source>Save screen</source>
            <translation>保存速测</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Kit lot</source>
            <translation>试剂批次</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Tested at</source>
            <translation>检测时间</translation>
        </message>
        <message>
            <source>Control ΔA0 (3 min, 412 nm)</source>
            <translation>对照 ΔA0（3 min，412 nm）</translation>
        </message>
        <message>
            <source>Sample ΔAt (3 min, 412 nm)</source>
            <translation>样品 ΔAt（3 min，412 nm）</translation>
        </message>
        <message>
            <source>T line</source>
            <translation>T 线</translation>
        </message>
        <message>
            <source>C line</source>
            <translation>C 线</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>速测结论</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Loading kit lots…</source>
            <translation>正在读取试剂批次…</translation>
        </message>
        <message>
            <source>(expired {day})</source>
            <translation>（已于 {day} 过期）</translation>
        </message>
        <message>
            <source>No rapid-test kit lot is registered</source>
            <translation>尚未登记速测试剂批次</translation>
        </message>
        <message>
            <source>Expires {day}.</source>
            <translation>有效期至 {day}。</translation>
        </message>
        <message>
            <source>Positive at {pct} % inhibition or more; the run is invalid when the control's ΔA0 is {min} or less, or the inhibition is above {max} %</source>
            <translation>抑制率 ≥ {pct} % 为阳性；对照 ΔA0 ≤ {min} 或抑制率 &gt; {max} % 时本次测定无效</translation>
        </message>
        <message>
            <source>Positive when T/C is below {positive}</source>
            <translation>T/C 低于 {positive} 为阳性</translation>
        </message>
        <message>
            <source>Positive when T is below {positive}</source>
            <translation>T 值低于 {positive} 为阳性</translation>
        </message>
        <message>
            <source>, suspect below {suspect}</source>
            <translation>，低于 {suspect} 为可疑</translation>
        </message>
        <message>
            <source>; no C line (C below {c}) makes the strip invalid</source>
            <translation>；无 C 线（C 值低于 {c}）时试纸条无效</translation>
        </message>
        <message>
            <source>Choose the laboratory method…</source>
            <translation>请选择实验室方法…</translation>
        </message>
        <message>
            <source>Enter the readings</source>
            <translation>请录入读数</translation>
        </message>
        <message>
            <source>inhibition {pct} %</source>
            <translation>抑制率 {pct} %</translation>
        </message>
        <message>
            <source>T/C {ratio}</source>
            <translation>T/C {ratio}</translation>
        </message>
        <message>
            <source>the control did not react: repeat the run</source>
            <translation>对照未反应：请重新测定</translation>
        </message>
        <message>
            <source>inhibition above the maximum: repeat the run</source>
            <translation>抑制率超过上限：请重新测定</translation>
        </message>
        <message>
            <source>no C line: repeat with a new strip</source>
            <translation>无 C 线：请换新试纸条重测</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>Choose the kit lot the screen used</source>
            <translation>请选择速测所用的试剂批次</translation>
        </message>
        <message>
            <source>Saved: {outcome}</source>
            <translation>已保存：{outcome}</translation>
        </message>
        <message>
            <source>Confirmation test opened: {test}</source>
            <translation>已开立确证检测：{test}</translation>
        </message>
        <message>
            <source>The run is invalid: repeat the screen.</source>
            <translation>本次测定无效：请重新速测。</translation>
        </message>
        <message>
            <source>No confirmation test is needed.</source>
            <translation>无需确证检测。</translation>
        </message>
        <message>
            <source>The sampled party may ask for a re-test, not by a rapid method, until {deadline}.</source>
            <translation>被抽查人可在 {deadline} 前申请复检，复检不得采用快速检测方法。</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
    </context>
    <context>
        <name>SignatureDialog</name>
        <message>
            <source>Signer</source>
            <translation>签名人</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
    </context>
    <context>
        <name>StepDialog</name>
        <message>
            <source>Record a step: {title}</source>
            <translation>记录进度：{title}</translation>
        </message>
        <message>
            <source>Record the step</source>
            <translation>记录进度</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步骤</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Responsible</source>
            <translation>负责人</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>On approval the rows asked for become a new version of the ability table, in force from this date: tests before it stay outside the scope.</source>
            <translation>批准后，申请的项目将成为能力附表的新版本，自该日期起生效：此日期之前的检测仍在范围之外。</translation>
        </message>
    </context>
    <context>
        <name>TableImportDialog</name>
        <message>
            <source>Import ability table for {kind} {number}</source>
            <translation>为{kind} {number} 导入能力附表</translation>
        </message>
        <message>
            <source>Choose an Excel workbook (.xlsx)</source>
            <translation>选择 Excel 工作簿（.xlsx）</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Approved on this date when the file states none</source>
            <translation>文件未注明批准日期时，按此日期</translation>
        </message>
        <message>
            <source>Workbook</source>
            <translation>工作簿</translation>
        </message>
        <message>
            <source>Approval date</source>
            <translation>批准日期</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>As printed</source>
            <translation>原文</translation>
        </message>
        <message>
            <source>Understood as</source>
            <translation>识别为</translation>
        </message>
        <message>
            <source>Methods</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Limits of use</source>
            <translation>限制范围</translation>
        </message>
        <message>
            <source>Section</source>
            <translation>所属产品类别</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Column</source>
            <translation>列</translation>
        </message>
        <message>
            <source>Header</source>
            <translation>表头</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Rows understood</source>
            <translation>已识别的行</translation>
        </message>
        <message>
            <source>Not understood, or to look at</source>
            <translation>未能识别或需要查看的内容</translation>
        </message>
        <message>
            <source>Choose an Excel workbook</source>
            <translation>选择 Excel 工作簿</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Choose the workbook to import</source>
            <translation>请选择要导入的工作簿</translation>
        </message>
        <message>
            <source>not stated: tick the box and give the date</source>
            <translation>文件未注明：请勾选并填写日期</translation>
        </message>
        <message>
            <source>{day} (from the file)</source>
            <translation>{day}（取自文件）</translation>
        </message>
        <message>
            <source>{rows} row(s) understood: {sections} product section(s), {parameters} parameter(s); {bad} row(s) not understood. Approval date: {approved}</source>
            <translation>已识别 {rows} 行：产品类别 {sections} 个，参数 {parameters} 个；未能识别 {bad} 行。批准日期：{approved}</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Nothing is stored until you press Import</source>
            <translation>点击“导入”之前不会保存任何内容</translation>
        </message>
        <message>
            <source>Rows that were not understood keep the table from being imported: correct them in the workbook and preview again</source>
            <translation>存在未能识别的行，附表不能导入：请在工作簿中改正后重新预览</translation>
        </message>
        <message>
            <source>The file states no approval date: give it here</source>
            <translation>文件未注明批准日期：请在此填写</translation>
        </message>
        <message>
            <source>(including {names})</source>
            <translation>（包括 {names}）</translation>
        </message>
        <message>
            <source>Note: </source>
            <translation>提示：</translation>
        </message>
        <message>
            <source>Version {version} of the ability table, approved on {day}, holds {rows} row(s)</source>
            <translation>能力附表第 {version} 版（批准日期 {day}）共 {rows} 行</translation>
        </message>
    </context>
    <context>
        <name>UserDialog</name>
        <message>
            <source>Add user</source>
            <translation>添加用户</translation>
        </message>
        <message>
            <source>Edit user {user}</source>
            <translation>编辑用户 {user}</translation>
        </message>
        <message>
            <source>Account active (may log in)</source>
            <translation>账户启用（可以登录）</translation>
        </message>
        <message>
            <source>Why the change is made (kept in the audit trail)</source>
            <translation>修改原因（记入审计追踪）</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
    </context>
    <context>
        <name>VerifyReportDialog</name>
        <message>
            <source>Verify a report</source>
            <translation>验证检验检测报告</translation>
        </message>
        <message>
            <source>Choose PDF…</source>
            <translation>选择 PDF…</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <source>Signature intact:</source>
            <translation>签名完好：</translation>
        </message>
        <message>
            <source>Signed by:</source>
            <translation>签名人：</translation>
        </message>
        <message>
            <source>Report number:</source>
            <translation>报告编号：</translation>
        </message>
        <message>
            <source>Matches the lab's record:</source>
            <translation>与本机构存档一致：</translation>
        </message>
        <message>
            <source>Superseded:</source>
            <translation>已被替代：</translation>
        </message>
        <message>
            <source>Report PDF to verify</source>
            <translation>要验证的报告 PDF</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>The file cannot be read: {reason}</source>
            <translation>无法读取该文件：{reason}</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在验证…</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>known</source>
            <translation>存档中有此编号</translation>
        </message>
        <message>
            <source>not in this database</source>
            <translation>本数据库中无此编号</translation>
        </message>
        <message>
            <source>Yes, by {number}: {reason}</source>
            <translation>是，已由 {number} 替代：{reason}</translation>
        </message>
        <message>
            <source>Valid: this is the report the lab issued, unchanged.</source>
            <translation>有效：此为本机构签发的报告，未被改动。</translation>
        </message>
        <message>
            <source>Superseded: the lab replaced this report by an amendment.</source>
            <translation>已被替代：本机构已以更正报告替代此报告。</translation>
        </message>
        <message>
            <source>Not valid: changed after signing, or not a report of this lab.</source>
            <translation>无效：签名后被改动，或并非本机构签发的报告。</translation>
        </message>
    </context>
    <context>
        <name>WorklistView</name>
        <message>
            <source>Reload</source>
            <translation>重新读取</translation>
        </message>
        <message>
            <source>Parameter:</source>
            <translation>检测项目：</translation>
        </message>
        <message>
            <source>No sample is waiting for a result.</source>
            <translation>没有等待录入结果的样品。</translation>
        </message>
        <message>
            <source>Type a value in the Value column and press Enter to save it; type ND for not detected.</source>
            <translation>在“检测值”列输入数值后按回车键保存；未检出请输入 ND。</translation>
        </message>
        <message>
            <source>{name} ({count})</source>
            <translation>{name}（{count}）</translation>
        </message>
    </context>
    <context>
        <name>cli</name>
        <message>
            <source> (from the file)</source>
            <translation>（取自文件）</translation>
        </message>
        <message>
            <source> (reasons: {reasons})</source>
            <translation>（原因：{reasons}）</translation>
        </message>
        <message>
            <source> - {reason}: {words}</source>
            <translation> - {reason}：{words}</translation>
        </message>
        <message>
            <source> by {method}</source>
            <translation>（方法 {method}）</translation>
        </message>
        <message>
            <source> or </source>
            <translation> 或 </translation>
        </message>
        <message>
            <source>, row 附表行 {row} {name} (table version {version})</source>
            <translation>，能力附表行 {row} {name}（附表第 {version} 版）</translation>
        </message>
        <message>
            <source>: {list}</source>
            <translation>：{list}</translation>
        </message>
        <message>
            <source>; certificate 证书 {certificate}</source>
            <translation>；资质证书 {certificate}</translation>
        </message>
        <message>
            <source>Again: </source>
            <translation>再输入一次：</translation>
        </message>
        <message>
            <source>EDITION 方法版本 {edition}: {state}{words}</source>
            <translation>方法版本 {edition}：{state}{words}</translation>
        </message>
        <message>
            <source>EXPIRED 已过期</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>NO</source>
            <translation>否</translation>
        </message>
        <message>
            <source>NO JUDGMENT BASIS 无判定依据: no limit is in force for this product or any category above it on this date; a result cannot be judged pass or fail</source>
            <translation>无判定依据：该日期对此产品及其上级类别均无有效限量，检测结果无法判定合格与否</translation>
        </message>
        <message>
            <source>NOT VALID 无效</source>
            <translation>无效</translation>
        </message>
        <message>
            <source>NOT in the database</source>
            <translation>数据库中没有</translation>
        </message>
        <message>
            <source>OUT of scope 不在范围内</source>
            <translation>不在认证范围内</translation>
        </message>
        <message>
            <source>Password for the first administrator {user}: </source>
            <translation>首个系统管理员 {user} 的密码：</translation>
        </message>
        <message>
            <source>Password for {user}: </source>
            <translation>{user} 的新密码：</translation>
        </message>
        <message>
            <source>Password of the signing certificate {label}: </source>
            <translation>签名证书 {label} 的密码：</translation>
        </message>
        <message>
            <source>Password of {user}: </source>
            <translation>{user} 的密码：</translation>
        </message>
        <message>
            <source>REVIEW 需人工确认</source>
            <translation>需人工确认</translation>
        </message>
        <message>
            <source>SUPERSEDED 已作废 by {number}: {reason}</source>
            <translation>已作废，由 {number} 替代：{reason}</translation>
        </message>
        <message>
            <source>SUPERSEDED 已作废: {reason}</source>
            <translation>已作废：{reason}</translation>
        </message>
        <message>
            <source>SUPERSEDED 已被替代</source>
            <translation>已被替代</translation>
        </message>
        <message>
            <source>The audit chain is broken at event {seq} ({detail})</source>
            <translation>审计链在第 {seq} 条记录处断开（{detail}）</translation>
        </message>
        <message>
            <source>The audit chain is intact: {n} events verified</source>
            <translation>审计链完整：已校验 {n} 条记录</translation>
        </message>
        <message>
            <source>VALID 有效</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>ability table names 附表所列: {kind} row {row} {name} {edition} ({state})</source>
            <translation>能力附表所列：{kind} 第 {row} 行 {name} {edition} {state}</translation>
        </message>
        <message>
            <source>add the starter reference data with lims setup starter</source>
            <translation>请用 lims setup starter 添加起步参考数据</translation>
        </message>
        <message>
            <source>added {name} ({adapter} on {port}, {settings})</source>
            <translation>已添加仪器 {name}（{adapter}，端口 {port}，{settings}）</translation>
        </message>
        <message>
            <source>attached {file} ({size} bytes) sha256:{sha256}</source>
            <translation>已附加证据文件 {file}（{size} 字节）sha256:{sha256}</translation>
        </message>
        <message>
            <source>authorisation gap 授权缺口: nobody may sign {parameter}, in the {kinds} scope</source>
            <translation>授权缺口：{parameter} 在 {kinds} 认证范围内，但无人被授权签发</translation>
        </message>
        <message>
            <source>authorisation gap 授权缺口: {user} may sign {parameter}{method}, outside {kinds} [{detail}]</source>
            <translation>授权缺口：{user} 被授权签发 {parameter}{method}，超出 {kinds} 认证范围 [{detail}]</translation>
        </message>
        <message>
            <source>calibrated until {until}</source>
            <translation>检定/校准有效期至 {until}</translation>
        </message>
        <message>
            <source>capturing {name} on {port}; journal {journal}; stop with Ctrl+C</source>
            <translation>正在采集 {name}（端口 {port}）；原始记录 {journal}；按 Ctrl+C 停止</translation>
        </message>
        <message>
            <source>certificate {certificate}: ability table version {version} approved on {approved} with {rows} row(s), {parameters} parameter(s)</source>
            <translation>资质证书 {certificate}：能力附表第 {version} 版，批准日期 {approved}，共 {rows} 行、检测参数 {parameters} 个</translation>
        </message>
        <message>
            <source>code {code} -&gt; {parameter}</source>
            <translation>代码 {code} -&gt; {parameter}</translation>
        </message>
        <message>
            <source>codes {codes}</source>
            <translation>代码 {codes}</translation>
        </message>
        <message>
            <source>created the first administrator {user} (administrator only: add the lab's people and their roles with lims user add --as {user})</source>
            <translation>已创建首个系统管理员 {user}（仅有系统管理员角色：请用 lims user add --as {user} 添加实验室人员及其角色）</translation>
        </message>
        <message>
            <source>created {user} ({roles})</source>
            <translation>已创建用户 {user}（{roles}）</translation>
        </message>
        <message>
            <source>date 日期: {date}</source>
            <translation>日期：{date}</translation>
        </message>
        <message>
            <source>demo data 演示数据: yes - not an official value; judge by the official text</source>
            <translation>演示数据：是——非官方限量，判定请以正式文本为准</translation>
        </message>
        <message>
            <source>edition {edition} {state}</source>
            <translation>方法版本 {edition} {state}</translation>
        </message>
        <message>
            <source>edition 年号: {year}</source>
            <translation>年号：{year}</translation>
        </message>
        <message>
            <source>edition 方法版本 {method}: not in the standards catalogue 标准目录中无此版本</source>
            <translation>方法版本 {method}：标准目录中无此版本</translation>
        </message>
        <message>
            <source>evidence 证据: {file} {size} bytes sha256:{sha256}</source>
            <translation>证据：{file} {size} 字节 sha256:{sha256}</translation>
        </message>
        <message>
            <source>expand next 建议扩项 {rank}: {product} {parameter} (missing {missing}; {required}{tests} test(s), {outside} outside)</source>
            <translation>建议扩项 {rank}：{product} {parameter}（缺 {missing}；{required}检测 {tests} 项，其中超范围 {outside} 项）</translation>
        </message>
        <message>
            <source>expansion application {id} 扩项申请: {title} for {target} ({certificates}), {rows} row(s); next: {next}</source>
            <translation>扩项申请 {id}：{title}，扩项对象 {target}（{certificates}），共 {rows} 行；下一步：{next}</translation>
        </message>
        <message>
            <source>expansion application {id}: {step} on {date} ({responsible})</source>
            <translation>扩项申请 {id}：{date} {step}（{responsible}）</translation>
        </message>
        <message>
            <source>expiring 即将到期: {kind} {number} valid until {until}, {state}</source>
            <translation>即将到期：{kind} {number}，有效期至 {until}，{state}</translation>
        </message>
        <message>
            <source>in scope 在范围内</source>
            <translation>在认证范围内</translation>
        </message>
        <message>
            <source>inherited from 继承自: - (set on the product itself 本产品限量)</source>
            <translation>继承自：-（本产品限量）</translation>
        </message>
        <message>
            <source>inherited from 继承自: {category}</source>
            <translation>继承自：{category}</translation>
        </message>
        <message>
            <source>kind 类型: {kind}</source>
            <translation>类型：{kind}</translation>
        </message>
        <message>
            <source>kit lot {lot}, in date until {until}</source>
            <translation>试剂批次 {lot}，有效期至 {until}</translation>
        </message>
        <message>
            <source>known</source>
            <translation>已存档</translation>
        </message>
        <message>
            <source>limit 限量: not detectable 不得检出</source>
            <translation>限量：不得检出</translation>
        </message>
        <message>
            <source>limit 限量: {value}</source>
            <translation>限量：{value}</translation>
        </message>
        <message>
            <source>lims: error: {message}</source>
            <translation>lims：错误：{message}</translation>
        </message>
        <message>
            <source>lims: unexpected error ({kind}); details in {path}</source>
            <translation>lims：意外错误（{kind}），详见 {path}</translation>
        </message>
        <message>
            <source>matches the record 与存档一致: {answer} (sha256 {sha256})</source>
            <translation>与存档一致：{answer}（sha256 {sha256}）</translation>
        </message>
        <message>
            <source>method 方法: {method}</source>
            <translation>方法：{method}</translation>
        </message>
        <message>
            <source>next: {next}</source>
            <translation>下一步：{next}</translation>
        </message>
        <message>
            <source>no calibration is recorded yet: its readings are held until one is (lims instrument calibrate)</source>
            <translation>尚未记录检定/校准：记录之前其读数均暂扣（lims instrument calibrate）</translation>
        </message>
        <message>
            <source>no certificate is due for renewal 无需换证的证书</source>
            <translation>没有需要换证的资质证书</translation>
        </message>
        <message>
            <source>no certificate of this kind is recorded 无此类证书</source>
            <translation>未登记此类资质证书</translation>
        </message>
        <message>
            <source>no expansion applications 无扩项申请</source>
            <translation>无扩项申请</translation>
        </message>
        <message>
            <source>no expiry</source>
            <translation>无有效期</translation>
        </message>
        <message>
            <source>no kit lot chosen (--kit-lot LOT): its readings are held until a manager releases them</source>
            <translation>未选择试剂批次（--kit-lot LOT）：读数将暂扣，待实验室负责人放行</translation>
        </message>
        <message>
            <source>no required parameters are recorded 尚未登记监管要求的参数</source>
            <translation>尚未登记监管要求的检测参数</translation>
        </message>
        <message>
            <source>no row of the ability table covers this parameter by this method 附表无此参数/方法</source>
            <translation>能力附表中没有以此方法检测此参数的行</translation>
        </message>
        <message>
            <source>no tests</source>
            <translation>无检测</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>not stated</source>
            <translation>未注明</translation>
        </message>
        <message>
            <source>note: {note}</source>
            <translation>注意：{note}</translation>
        </message>
        <message>
            <source>parameter 检测项目: {parameter}</source>
            <translation>检测项目：{parameter}</translation>
        </message>
        <message>
            <source>port {device}</source>
            <translation>端口 {device}</translation>
        </message>
        <message>
            <source>product 产品: {product}</source>
            <translation>产品：{product}</translation>
        </message>
        <message>
            <source>reading {id} ({reading}) is {state}</source>
            <translation>读数 {id}（{reading}）状态：{state}</translation>
        </message>
        <message>
            <source>recorded {kind} certificate {number} ({holder}), valid {issued} to {until}; renewal {days} days before expiry</source>
            <translation>已登记 {kind} 资质证书 {number}（{holder}），有效期 {issued} 至 {until}；到期前 {days} 天申请换证</translation>
        </message>
        <message>
            <source>renewal due 需换证: {kind} {number} valid until {until}, {state}</source>
            <translation>需换证：{kind} {number}，有效期至 {until}，{state}</translation>
        </message>
        <message>
            <source>report number 报告编号: {number} ({known})</source>
            <translation>报告编号：{number}（{known}）</translation>
        </message>
        <message>
            <source>reports with a mark they should not have 标志使用错误的报告: {n} of {checked} checked (must be 0)</source>
            <translation>标志使用错误的报告：{n} 份（已核查 {checked} 份，应为 0）</translation>
        </message>
        <message>
            <source>required, </source>
            <translation>监管要求，</translation>
        </message>
        <message>
            <source>row {row}, column {column} ({header}): {error}</source>
            <translation>第 {row} 行 {column} 列（{header}）：{error}</translation>
        </message>
        <message>
            <source>row {row}: {error}</source>
            <translation>第 {row} 行：{error}</translation>
        </message>
        <message>
            <source>row 项目: {section} | {parameter} | {method}</source>
            <translation>项目：{section} | {parameter} | {method}</translation>
        </message>
        <message>
            <source>sample codes now follow {pattern}; the next one is {code}</source>
            <translation>样品编号现按 {pattern} 生成，下一个为 {code}</translation>
        </message>
        <message>
            <source>scope audit 范围审核 {start} to {end}: {tests} test(s)</source>
            <translation>认证范围审核 {start} 至 {end}：共 {tests} 项检测</translation>
        </message>
        <message>
            <source>signature intact 签名完好: {answer}</source>
            <translation>签名完好：{answer}</translation>
        </message>
        <message>
            <source>signed at 签名时间: {time}</source>
            <translation>签名时间：{time}</translation>
        </message>
        <message>
            <source>signer 签名人: {signer}</source>
            <translation>签名人：{signer}</translation>
        </message>
        <message>
            <source>signing identity {label}: {subject} (self-signed, for testing only)</source>
            <translation>签名身份 {label}：{subject}（自签名，仅供测试）</translation>
        </message>
        <message>
            <source>signing identity {label}: {subject}; its password is asked at each issue</source>
            <translation>签名身份 {label}：{subject}；每次签发时询问其密码</translation>
        </message>
        <message>
            <source>source 来源: {source}</source>
            <translation>来源：{source}</translation>
        </message>
        <message>
            <source>standard 标准: {standard}</source>
            <translation>标准：{standard}</translation>
        </message>
        <message>
            <source>step 步骤: {step} {date} {responsible}</source>
            <translation>步骤：{step} {date} {responsible}</translation>
        </message>
        <message>
            <source>stopped: {received} reading(s) received ({recovered} from the journal), {stored} stored, {unmatched} unmatched, {held} held, {duplicates} duplicate(s); line errors: {errors}</source>
            <translation>已停止：共收到读数 {received} 条（其中 {recovered} 条取自原始记录），已保存 {stored} 条，未匹配 {unmatched} 条，暂扣 {held} 条，重复 {duplicates} 条；线路错误：{errors}</translation>
        </message>
        <message>
            <source>the ability table names another edition of the method 方法版本不符</source>
            <translation>能力附表所列方法版本不符</translation>
        </message>
        <message>
            <source>the certificate had expired on that date 证书已过期</source>
            <translation>该日期资质证书已过期</translation>
        </message>
        <message>
            <source>the certificate or its ability table was not yet valid on that date 证书或附表尚未生效</source>
            <translation>该日期资质证书或能力附表尚未生效</translation>
        </message>
        <message>
            <source>the parameter is in the scope only for other products 产品类别不在范围内</source>
            <translation>该检测参数仅对其他产品在认证范围内（产品类别不在范围内）</translation>
        </message>
        <message>
            <source>the row's limits of use 限制范围</source>
            <translation>该行的限制范围</translation>
        </message>
        <message>
            <source>unit 单位: {unit}</source>
            <translation>单位：{unit}</translation>
        </message>
        <message>
            <source>withdrawn edition in use 使用已废止版本: {edition} ({state}) {parameter}: {tests} test(s)</source>
            <translation>使用已废止版本：{edition} {state}，{parameter}：{tests} 项检测</translation>
        </message>
        <message>
            <source>written 已写入: {file}</source>
            <translation>已写入：{file}</translation>
        </message>
        <message>
            <source>written 已写入: {file} ({n} test(s) outside listed one by one)</source>
            <translation>已写入：{file}（逐项列出超范围检测 {n} 项）</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>{code}: approving it signs {n} test(s) outside the scope 批准将签署超范围项目:</source>
            <translation>{code}：批准将签署 {n} 项超出认证范围的检测：</translation>
        </message>
        <message>
            <source>{code}: every test lies inside both scopes; nothing to warn of 全部在范围内</source>
            <translation>{code}：全部检测均在两个资质证书的认证范围内，无需提示</translation>
        </message>
        <message>
            <source>{code}: report {number} -&gt; {path} (sha256 {sha256})</source>
            <translation>{code}：报告 {number} -&gt; {path}（sha256 {sha256}）</translation>
        </message>
        <message>
            <source>{code}: report {number} replaces {old} -&gt; {path}</source>
            <translation>{code}：报告 {number} 替代 {old} -&gt; {path}</translation>
        </message>
        <message>
            <source>{database}: PROBLEM: the file is damaged or not a LIMS database: {problem}</source>
            <translation>{database}：问题：文件已损坏或不是本系统的数据库：{problem}</translation>
        </message>
        <message>
            <source>{database}: PROBLEM: {problem}</source>
            <translation>{database}：问题：{problem}</translation>
        </message>
        <message>
            <source>{database}: created at schema {schema}</source>
            <translation>{database}：已创建，数据库结构 {schema}</translation>
        </message>
        <message>
            <source>{database}: demo lab created with {samples} samples, {tests} tests, {results} results, {users} users; every demo user's password is demo1234</source>
            <translation>{database}：已创建演示实验室，含 {samples} 个样品、{tests} 个检测项目、{results} 条检测结果、{users} 个用户；所有演示用户的密码均为 demo1234</translation>
        </message>
        <message>
            <source>{database}: everything checked is in order</source>
            <translation>{database}：所查各项均正常</translation>
        </message>
        <message>
            <source>{database}: schema {schema} is current; nothing to do</source>
            <translation>{database}：数据库结构 {schema} 已是最新，无需操作</translation>
        </message>
        <message>
            <source>{database}: upgraded from schema {old} to {new}; backup at {backup}</source>
            <translation>{database}：数据库结构已从 {old} 升级到 {new}；备份位于 {backup}</translation>
        </message>
        <message>
            <source>{database}: {n} problem(s) found</source>
            <translation>{database}：发现 {n} 个问题</translation>
        </message>
        <message>
            <source>{done}/{total} reports ({code})</source>
            <translation>{done}/{total} 份报告（{code}）</translation>
        </message>
        <message>
            <source>{done}/{total} samples</source>
            <translation>{done}/{total} 个样品</translation>
        </message>
        <message>
            <source>{file}: resumed an import of this file that was cut off after {n} row(s); those were not registered again</source>
            <translation>{file}：已续接该文件上次在第 {n} 行后中断的导入，已登记的行未重复登记</translation>
        </message>
        <message>
            <source>{file}: {created} created, {updated} updated, {unchanged} unchanged</source>
            <translation>{file}：新建 {created} 条，更新 {updated} 条，未变 {unchanged} 条</translation>
        </message>
        <message>
            <source>{file}: {rows} row(s) read; 0 sample(s) registered, {bad} bad row(s) left out</source>
            <translation>{file}：读取 {rows} 行；未登记样品，{bad} 行有误未登记</translation>
        </message>
        <message>
            <source>{file}: {rows} row(s) read; {created} limit(s) created, {updated} updated, {unchanged} unchanged, {bad} bad row(s) left out</source>
            <translation>{file}：读取 {rows} 行；新建限量 {created} 条，更新 {updated} 条，未变 {unchanged} 条，{bad} 行有误未导入</translation>
        </message>
        <message>
            <source>{file}: {rows} row(s) read; {n} sample(s) registered ({first} to {last}), {bad} bad row(s) left out</source>
            <translation>{file}：读取 {rows} 行；登记样品 {n} 个（{first} 至 {last}），{bad} 行有误未登记</translation>
        </message>
        <message>
            <source>{file}: {rows} row(s) understood ({sections} product section(s), {parameters} parameter(s)), {bad} not understood; approval date {approved}</source>
            <translation>{file}：已识别 {rows} 行（产品类别 {sections} 个，检测参数 {parameters} 个），{bad} 行未能识别；批准日期 {approved}</translation>
        </message>
        <message>
            <source>{issued} report(s) issued, {failed} not issued</source>
            <translation>已签发 {issued} 份报告，{failed} 份未签发</translation>
        </message>
        <message>
            <source>{issued} report(s) issued, {failed} not issued, {left} not attempted</source>
            <translation>已签发 {issued} 份报告，{failed} 份未签发，{left} 份未处理</translation>
        </message>
        <message>
            <source>{kind} {certificate}: ability table version {version} in force from {date}</source>
            <translation>{kind} {certificate}：能力附表第 {version} 版自 {date} 起实施</translation>
        </message>
        <message>
            <source>{kind} {certificate}: table version {version}</source>
            <translation>{kind} {certificate}：能力附表第 {version} 版</translation>
        </message>
        <message>
            <source>{kind}: {counts}</source>
            <translation>{kind}：{counts}</translation>
        </message>
        <message>
            <source>{kind}: {verdict}</source>
            <translation>{kind}：{verdict}</translation>
        </message>
        <message>
            <source>{name}: calibrated on {on}, valid until {until}</source>
            <translation>{name}：检定/校准日期 {on}，有效期至 {until}</translation>
        </message>
        <message>
            <source>{n} days left 天后到期</source>
            <translation>{n} 天后到期</translation>
        </message>
        <message>
            <source>{n} reading(s)</source>
            <translation>共 {n} 条读数</translation>
        </message>
        <message>
            <source>{n} result(s) written to {file}</source>
            <translation>已将 {n} 条检测结果写入 {file}</translation>
        </message>
        <message>
            <source>{n} row(s) written to {file}</source>
            <translation>已将 {n} 行写入 {file}</translation>
        </message>
        <message>
            <source>{n} sample(s) written to {file}</source>
            <translation>已将 {n} 个样品写入 {file}</translation>
        </message>
        <message>
            <source>{product}: {n} required parameter(s)</source>
            <translation>{product}：监管要求的检测参数 {n} 个</translation>
        </message>
        <message>
            <source>{rows} row(s) of the ability table of {certificate} written to {file}</source>
            <translation>已将 {certificate} 的能力附表 {rows} 行写入 {file}</translation>
        </message>
        <message>
            <source>{sheet}: {rows} row(s) read; {created} created, {updated} updated, {unchanged} unchanged</source>
            <translation>{sheet}：读取 {rows} 行；新建 {created} 条，更新 {updated} 条，未变 {unchanged} 条</translation>
        </message>
        <message>
            <source>{title}: {samples} sample(s), {failed} failed, pass rate {rate}; {parameters} parameter(s), {tests} result(s), {failures} failing result(s); written to {file}</source>
            <translation>{title}：样品 {samples} 个，不合格 {failed} 个，合格率 {rate}；检测项目 {parameters} 个，检测结果 {tests} 条，不合格结果 {failures} 条；已写入 {file}</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <source>A password may not be the user name</source>
            <translation>密码不能与用户名相同</translation>
        </message>
        <message>
            <source>A password needs at least {n} characters</source>
            <translation>密码至少需要 {n} 个字符</translation>
        </message>
        <message>
            <source>A password needs both letters and digits</source>
            <translation>密码须同时包含字母和数字</translation>
        </message>
        <message>
            <source>A user name is 2-64 letters, digits, '.', '-' or '_' (no spaces)</source>
            <translation>用户名须为 2-64 个字母、数字、“.”、“-”或“_”（不含空格）</translation>
        </message>
        <message>
            <source>A user needs at least one role</source>
            <translation>用户至少需要一个角色</translation>
        </message>
        <message>
            <source>Cannot open the database {where}: {why}</source>
            <translation>无法打开数据库 {where}：{why}</translation>
        </message>
        <message>
            <source>Cannot reach the PostgreSQL server at {host}:{port} ({why})</source>
            <translation>无法连接 PostgreSQL 服务器 {host}:{port}（{why}）</translation>
        </message>
        <message>
            <source>Every demo limit must be marked is_demo with a source starting '演示数据': {product} {parameter}</source>
            <translation>每个演示限量值都必须标记 is_demo，且来源以“演示数据”开头：{product} {parameter}</translation>
        </message>
        <message>
            <source>Give the new user at least one --role</source>
            <translation>请用 --role 为新用户至少指定一个角色</translation>
        </message>
        <message>
            <source>No demo producer makes {product}</source>
            <translation>没有演示受检单位生产 {product}</translation>
        </message>
        <message>
            <source>No header row in the first {n} rows of {file}: the table needs the columns {columns}</source>
            <translation>{file} 的前 {n} 行中没有表头行：表格须包含以下列：{columns}</translation>
        </message>
        <message>
            <source>No laboratory method is defined for {parameter}: choose the method that confirms the screen</source>
            <translation>{parameter}没有实验室检测方法：请选择确证该速测结果的方法</translation>
        </message>
        <message>
            <source>Not a database URL: {url}</source>
            <translation>不是有效的数据库地址：{url}</translation>
        </message>
        <message>
            <source>Standard input ended before every password was read</source>
            <translation>标准输入在读取全部密码之前已结束</translation>
        </message>
        <message>
            <source>The account {user} is locked after repeated failed log-ins; an administrator must unlock it</source>
            <translation>账户 {user} 因多次登录失败已被锁定，须由系统管理员解锁</translation>
        </message>
        <message>
            <source>The current password is wrong</source>
            <translation>当前密码错误</translation>
        </message>
        <message>
            <source>The database already has users: name the administrator who authorises this with --as</source>
            <translation>数据库中已有用户：请用 --as 指定授权此操作的系统管理员</translation>
        </message>
        <message>
            <source>The database already has users; log in as an administrator</source>
            <translation>数据库中已有用户，请以系统管理员身份登录</translation>
        </message>
        <message>
            <source>'{code}' is not a code of the form {pattern}</source>
            <translation>“{code}”不符合编号格式 {pattern}</translation>
        </message>
        <message>
            <source>'{item}' is not SECTION|PARAMETER|METHOD (with |LIMITS if any), e.g. 蔬菜、水果|啶虫脒|GB 23200.121-2021</source>
            <translation>“{item}”不是“产品类别|参数|方法”（如有限制范围再加“|限制范围”），例如 蔬菜、水果|啶虫脒|GB 23200.121-2021</translation>
        </message>
        <message>
            <source>'{method}' names no method standard with its year, e.g. GB 23200.113-2018</source>
            <translation>“{method}”不是带年号的方法标准，例如 GB 23200.113-2018</translation>
        </message>
        <message>
            <source>'{number}' is not a row number such as 1 or 1.2</source>
            <translation>“{number}”不是序号，序号形如 1 或 1.2</translation>
        </message>
        <message>
            <source>'{text}' fits several areas ({matches}): write its code</source>
            <translation>“{text}”对应多个区域（{matches}）：请填写区域代码</translation>
        </message>
        <message>
            <source>'{text}' fits several sampling tasks ({matches}): write its code</source>
            <translation>“{text}”对应多个抽样任务（{matches}）：请填写任务编号</translation>
        </message>
        <message>
            <source>'{text}' is in the list already: choose it there and edit it</source>
            <translation>“{text}”已在列表中：请在列表中选中并编辑它</translation>
        </message>
        <message>
            <source>'{text}' is neither yes nor no: write 是 or 否</source>
            <translation>“{text}”不是“是”或“否”：请填写 是 或 否</translation>
        </message>
        <message>
            <source>'{text}' is not a date and time such as 2026-05-12 09:30</source>
            <translation>“{text}”不是日期时间，应形如 2026-05-12 09:30</translation>
        </message>
        <message>
            <source>'{text}' is not a date: write it as YYYY-MM-DD</source>
            <translation>“{text}”不是日期：请按 YYYY-MM-DD 填写</translation>
        </message>
        <message>
            <source>'{text}' is not a number</source>
            <translation>“{text}”不是数字</translation>
        </message>
        <message>
            <source>'{text}' is not a whole number</source>
            <translation>“{text}”不是整数</translation>
        </message>
        <message>
            <source>'{text}' names no edition: write the standard number with its year, e.g. GB 23200.113-2018</source>
            <translation>“{text}”未注明年号：请填写标准号和年号，例如 GB 23200.113-2018</translation>
        </message>
        <message>
            <source>'{url}' is not the web address of a time-stamp server, such as http://timestamp.example.cn/tsa</source>
            <translation>“{url}”不是时间戳服务器的网址，应类似 http://timestamp.example.cn/tsa</translation>
        </message>
        <message>
            <source>'{value}' is not a whole number</source>
            <translation>“{value}”不是整数</translation>
        </message>
        <message>
            <source>A calibration cannot end ({until}) before it was made ({on})</source>
            <translation>检定/校准有效期截止日（{until}）不能早于检定/校准日期（{on}）</translation>
        </message>
        <message>
            <source>A captured result names its instrument</source>
            <translation>仪器采集的结果必须注明仪器</translation>
        </message>
        <message>
            <source>A certificate is CMA or CATL, not {kind}</source>
            <translation>证书类别为 CMA 或 CATL，不能是 {kind}</translation>
        </message>
        <message>
            <source>A certificate is valid until a day after it was issued ({issued})</source>
            <translation>有效期截止日须晚于发证日期（{issued}）</translation>
        </message>
        <message>
            <source>A certificate numbered {number} is already recorded</source>
            <translation>编号为 {number} 的证书已登记</translation>
        </message>
        <message>
            <source>A colloidal-gold kit is read as T and C line intensities</source>
            <translation>胶体金试剂应录入 T 线和 C 线强度</translation>
        </message>
        <message>
            <source>A credit code body is 17 characters of 0-9 and A-Y without I, O, Z, S, V: '{body}'</source>
            <translation>信用代码本体应为 17 位，由 0-9 和除 I、O、Z、S、V 外的 A-Y 组成：“{body}”</translation>
        </message>
        <message>
            <source>A limit of 0 cannot be met by any measurement: for a banned substance use the kind not_detectable</source>
            <translation>限量值为 0 无法用于判定：禁用物质请将类型填写为 not_detectable（不得检出）</translation>
        </message>
        <message>
            <source>A limit of {standard} for node {product} names no parameter</source>
            <translation>{standard} 中 {product} 的限量值未指明检测参数</translation>
        </message>
        <message>
            <source>A line intensity cannot be negative: {value}</source>
            <translation>线条强度不能为负数：{value}</translation>
        </message>
        <message>
            <source>A not-detectable (不得检出) limit has no value, but this row gives {value}</source>
            <translation>“不得检出”限量不应有数值，但此行填写了 {value}</translation>
        </message>
        <message>
            <source>A number of decimal places must be 0 to {most}, not {digits}</source>
            <translation>小数位数应为 0 至 {most}，不能是 {digits}</translation>
        </message>
        <message>
            <source>A parameter of the class banned substance is judged not detectable: mark it banned (是)</source>
            <translation>类别为禁用物质的参数按“不得检出”判定：请将“禁用物质”设为“是”</translation>
        </message>
        <message>
            <source>A producer with the credit code {code} exists already: choose it</source>
            <translation>统一社会信用代码为 {code} 的受检单位已存在：请直接选择</translation>
        </message>
        <message>
            <source>A rapid screen is recorded while the sample awaits receipt, is received or is being tested; it is {status}</source>
            <translation>样品待接收、已接收或检测中时才能录入速测；该样品当前为 {status}</translation>
        </message>
        <message>
            <source>A reason is required to {transition} a sample that is {status}</source>
            <translation>对状态为 {status} 的样品执行 {transition} 须填写原因</translation>
        </message>
        <message>
            <source>A record was changed on another workstation at the same moment; reload and try again</source>
            <translation>该记录刚被另一台工作站修改：请重新加载后再试</translation>
        </message>
        <message>
            <source>A report needs a report number</source>
            <translation>报告需要报告编号</translation>
        </message>
        <message>
            <source>A sampling form is signed by two samplers</source>
            <translation>抽样单须由两名抽样人员签字</translation>
        </message>
        <message>
            <source>A screen is confirmed by a laboratory method, never by a rapid one</source>
            <translation>速测结果须用实验室方法确证，不得用速测方法</translation>
        </message>
        <message>
            <source>A sequence number starts at 1, not {seq}</source>
            <translation>流水号从 1 开始，不能是 {seq}</translation>
        </message>
        <message>
            <source>A standard cannot replace itself</source>
            <translation>标准不能被自身替代</translation>
        </message>
        <message>
            <source>A unified social credit code has 18 characters; '{code}' has {length}</source>
            <translation>统一社会信用代码应为 18 位；“{code}”为 {length} 位</translation>
        </message>
        <message>
            <source>A value cannot be negative: {text}</source>
            <translation>数值不能为负：{text}</translation>
        </message>
        <message>
            <source>A value in {source} cannot be converted to {target}: a mass fraction and a mass concentration differ by the sample's density</source>
            <translation>以 {source} 表示的数值不能换算为 {target}：质量分数与质量浓度相差样品密度</translation>
        </message>
        <message>
            <source>A value is required</source>
            <translation>请填写数值</translation>
        </message>
        <message>
            <source>After {last} comes {allowed}, not {step}</source>
            <translation>{last} 之后应为 {allowed}，而不是 {step}</translation>
        </message>
        <message>
            <source>An alias is of a parameter, a product or a category, not {kind}</source>
            <translation>别名须属于参数、产品或类别，不能是 {kind}</translation>
        </message>
        <message>
            <source>An alias needs a spelling and a different name it stands for</source>
            <translation>别名须填写写法及其所指的另一个名称</translation>
        </message>
        <message>
            <source>An anchor is checked against the whole chain: leave out --incremental</source>
            <translation>锚点需对照完整的链进行核验：请去掉 --incremental</translation>
        </message>
        <message>
            <source>An anchor is the event's number and its 64-character hash, as lims audit head prints it (SEQ:HASH), not {text}</source>
            <translation>锚点应为事件序号及其 64 位哈希，即 lims audit head 打印的格式（序号:哈希），而不是 {text}</translation>
        </message>
        <message>
            <source>An application starts with the step planned</source>
            <translation>申请的第一步应为 planned（计划）</translation>
        </message>
        <message>
            <source>An edit keeps the product, parameter and standard of a limit: add a new limit instead</source>
            <translation>编辑不能改变限量的产品、参数和标准：请新增一条限量</translation>
        </message>
        <message>
            <source>An enzyme-inhibition kit is read as absorbance changes</source>
            <translation>酶抑制法试剂应录入吸光度变化值</translation>
        </message>
        <message>
            <source>An expansion is for CMA, CATL or joint (both), not {target}</source>
            <translation>扩项申请的范围为 CMA、CATL 或 joint（联合），不能是 {target}</translation>
        </message>
        <message>
            <source>An instrument code may not be empty</source>
            <translation>仪器项目代码不能为空</translation>
        </message>
        <message>
            <source>An instrument named {name} already exists</source>
            <translation>已有名为 {name} 的仪器</translation>
        </message>
        <message>
            <source>Another entry of the list is already '{text}'</source>
            <translation>列表中已有另一条为“{text}”</translation>
        </message>
        <message>
            <source>Another workstation was saving at the same moment; nothing was changed: try again</source>
            <translation>另一台工作站正在保存，本次未作任何更改：请重试</translation>
        </message>
        <message>
            <source>Cannot {transition} a sample that is {status}</source>
            <translation>状态为 {status} 的样品不能执行 {transition}</translation>
        </message>
        <message>
            <source>Cannot {what} a sample that is {status}</source>
            <translation>状态为 {status} 的样品不能执行此操作（{what}）</translation>
        </message>
        <message>
            <source>Certificate {id} does not exist</source>
            <translation>证书 {id} 不存在</translation>
        </message>
        <message>
            <source>Certificates expiring within 0 or more days</source>
            <translation>证书到期提醒天数应为 0 或更多</translation>
        </message>
        <message>
            <source>Channel {channel} had no sample code: assign the reading its sample</source>
            <translation>通道 {channel} 没有样品编号：请为该读数指定样品</translation>
        </message>
        <message>
            <source>Channel {channel} is given twice</source>
            <translation>通道 {channel} 重复填写</translation>
        </message>
        <message>
            <source>Character '{char}' at position {position} is never used in a credit code (I, O, Z, S and V are left out)</source>
            <translation>第 {position} 位的字符“{char}”不用于信用代码（不使用 I、O、Z、S、V）</translation>
        </message>
        <message>
            <source>Character '{char}' at position {position} is not allowed in a credit code</source>
            <translation>第 {position} 位的字符“{char}”不允许出现在信用代码中</translation>
        </message>
        <message>
            <source>Choose a method for that parameter</source>
            <translation>请为该参数选择检测方法</translation>
        </message>
        <message>
            <source>Choose at least one sample to print labels for</source>
            <translation>请至少选择一个要打印标签的样品</translation>
        </message>
        <message>
            <source>Choose the kit lot the screen used</source>
            <translation>请选择速测所用的试剂批次</translation>
        </message>
        <message>
            <source>Choose the laboratory method that confirms the screen</source>
            <translation>请选择确证该速测结果的实验室方法</translation>
        </message>
        <message>
            <source>Choose the parameter that was screened</source>
            <translation>请选择速测的检测项目</translation>
        </message>
        <message>
            <source>Choose the producer or enter a new one</source>
            <translation>请选择受检单位或新建一个</translation>
        </message>
        <message>
            <source>Choose the product that was sampled</source>
            <translation>请选择所抽样的产品</translation>
        </message>
        <message>
            <source>Describe the action taken</source>
            <translation>请填写处置措施</translation>
        </message>
        <message>
            <source>Describe the sample's condition on receipt</source>
            <translation>请填写收样时的样品状态</translation>
        </message>
        <message>
            <source>Enter a value, or mark the result not detected</source>
            <translation>请填写数值，或标记为未检出</translation>
        </message>
        <message>
            <source>Enter the certificate holder as printed</source>
            <translation>请按证书所印填写持证机构</translation>
        </message>
        <message>
            <source>Enter the certificate number as printed</source>
            <translation>请按证书所印填写证书编号</translation>
        </message>
        <message>
            <source>Enter the compliance certificate's number</source>
            <translation>请填写承诺达标合格证编号</translation>
        </message>
        <message>
            <source>Enter the lab's name as its reports print it</source>
            <translation>请填写报告上印的实验室名称</translation>
        </message>
        <message>
            <source>Enter the password</source>
            <translation>请输入密码</translation>
        </message>
        <message>
            <source>Enter the person's full name</source>
            <translation>请输入姓名</translation>
        </message>
        <message>
            <source>Enter the producer's name</source>
            <translation>请填写受检单位名称</translation>
        </message>
        <message>
            <source>Enter the time-stamp server's address to test it</source>
            <translation>请先填写时间戳服务器的网址再测试</translation>
        </message>
        <message>
            <source>Enter your password to sign</source>
            <translation>请输入密码以签名</translation>
        </message>
        <message>
            <source>Evidence file {id} does not exist</source>
            <translation>证据文件 {id} 不存在</translation>
        </message>
        <message>
            <source>Expansion application {id} does not exist</source>
            <translation>扩项申请 {id} 不存在</translation>
        </message>
        <message>
            <source>Give the application a title, e.g. 2026年蔬菜农药残留扩项</source>
            <translation>请填写申请标题，例如 2026年蔬菜农药残留扩项</translation>
        </message>
        <message>
            <source>Give the instrument a name</source>
            <translation>请填写仪器名称</translation>
        </message>
        <message>
            <source>Give the instrument's port, e.g. COM3, /dev/ttyUSB0 or socket://host:port</source>
            <translation>请填写仪器端口，例如 COM3、/dev/ttyUSB0 或 socket://主机:端口</translation>
        </message>
        <message>
            <source>Give the reason for discarding the reading</source>
            <translation>请填写舍弃该读数的原因</translation>
        </message>
        <message>
            <source>Give the reason for dropping the test</source>
            <translation>请填写删除该检测项目的原因</translation>
        </message>
        <message>
            <source>Give the reason for releasing the held reading</source>
            <translation>请填写放行该暂扣读数的原因</translation>
        </message>
        <message>
            <source>Give the reason the alias is removed; it is kept in the audit trail</source>
            <translation>请填写删除别名的原因，原因将记入审计追踪</translation>
        </message>
        <message>
            <source>Give the sample code the reading belongs to</source>
            <translation>请填写该读数所属的样品编号</translation>
        </message>
        <message>
            <source>Issuing stopped at sample #{id}: {reason}</source>
            <translation>签发在样品 #{id} 处中止：{reason}</translation>
        </message>
        <message>
            <source>Item {n} repeats {parameter} by {method} under {section}</source>
            <translation>第 {n} 项与前面重复：{section} 的 {parameter}（{method}）</translation>
        </message>
        <message>
            <source>Item {n}: give the product section and the parameter</source>
            <translation>第 {n} 项：请填写产品类别和参数</translation>
        </message>
        <message>
            <source>Item {n}: no method standard with its year in '{text}', e.g. GB 23200.113-2018</source>
            <translation>第 {n} 项：“{text}”中没有带年号的方法标准，例如 GB 23200.113-2018</translation>
        </message>
        <message>
            <source>Item {n}: {parameter} by {method} is already row {row} of the {kind} ability table</source>
            <translation>第 {n} 项：{parameter}（{method}）已是 {kind} 能力附表第 {row} 行</translation>
        </message>
        <message>
            <source>Kit lot {lot} does not fit {instrument}: it is a kit of another rapid method</source>
            <translation>试剂批次 {lot} 不适用于 {instrument}：它属于另一种快检方法</translation>
        </message>
        <message>
            <source>Kit lot {lot} expired on {expires}: the readings of {instrument} on {day} are held</source>
            <translation>试剂批次 {lot} 已于 {expires} 过期：{instrument} 在 {day} 的读数已暂扣</translation>
        </message>
        <message>
            <source>Kit lot {lot} expired on {expires}; choose a lot still in date</source>
            <translation>试剂批次 {lot} 已于 {expires} 过期；请选择在有效期内的批次</translation>
        </message>
        <message>
            <source>Kit lot {lot} expired on {expires}; it cannot be used for a screen on {day}</source>
            <translation>试剂批次 {lot} 已于 {expires} 过期，不能用于 {day} 的速测</translation>
        </message>
        <message>
            <source>Kit lot {lot} has cut-offs that the rule {rule} does not use: {keys}</source>
            <translation>试剂批次 {lot} 含有判定规则 {rule} 不使用的阈值：{keys}</translation>
        </message>
        <message>
            <source>Kit lot {lot} has no cut-off rule: enter t_over_c or t_thresholds and the cut-offs from the kit's instructions</source>
            <translation>试剂批次 {lot} 没有判定规则：请按试剂说明书填写 t_over_c 或 t_thresholds 及其阈值</translation>
        </message>
        <message>
            <source>Kit lot {lot} is for an unknown method kind '{kind}'</source>
            <translation>试剂批次 {lot} 的方法类型“{kind}”未知</translation>
        </message>
        <message>
            <source>Kit lot {lot} is not for a rapid method</source>
            <translation>试剂批次 {lot} 不是速测方法用的</translation>
        </message>
        <message>
            <source>Kit lot {lot} lacks the cut-offs {keys} that the rule {rule} needs</source>
            <translation>试剂批次 {lot} 缺少判定规则 {rule} 所需的阈值 {keys}</translation>
        </message>
        <message>
            <source>Kit lot {lot} names an unknown cut-off rule '{rule}'</source>
            <translation>试剂批次 {lot} 的判定规则“{rule}”未知</translation>
        </message>
        <message>
            <source>Kit lot {lot} screens for {kit_parameter}, not {parameter}</source>
            <translation>试剂批次 {lot} 用于检测{kit_parameter}，不能检测{parameter}</translation>
        </message>
        <message>
            <source>Kit lot {lot}: the cut-off {key} must be a number of zero or more, not {value}</source>
            <translation>试剂批次 {lot}：阈值 {key} 须为不小于零的数字，而不是 {value}</translation>
        </message>
        <message>
            <source>Kit lot {lot}: the cut-off {key} must be a number, not {value}</source>
            <translation>试剂批次 {lot}：阈值 {key} 须为数字，而不是 {value}</translation>
        </message>
        <message>
            <source>Kit lot {lot}: the positive cut-off must be above zero</source>
            <translation>试剂批次 {lot}：阳性阈值须大于零</translation>
        </message>
        <message>
            <source>Kit lot {lot}: the positive inhibition must lie above 0 % and not above the invalid one</source>
            <translation>试剂批次 {lot}：阳性抑制率须大于 0 %，且不得高于无效界限</translation>
        </message>
        <message>
            <source>Kit lot {lot}: the suspect cut-off must lie above the positive one</source>
            <translation>试剂批次 {lot}：可疑阈值须高于阳性阈值</translation>
        </message>
        <message>
            <source>List at least one parameter and method the application asks for</source>
            <translation>请至少填写一项申请的参数和方法</translation>
        </message>
        <message>
            <source>Method {id} does not exist</source>
            <translation>检测方法 {id} 不存在</translation>
        </message>
        <message>
            <source>Name the client who brought the sample</source>
            <translation>请填写送样的委托单位</translation>
        </message>
        <message>
            <source>Name the file {path} with {allowed} at the end</source>
            <translation>请将文件 {path} 的扩展名设为 {allowed}</translation>
        </message>
        <message>
            <source>Name the person responsible for the step</source>
            <translation>请填写该步骤的负责人</translation>
        </message>
        <message>
            <source>Name who changes the report settings with --as USER; nothing was changed</source>
            <translation>请用 --as USER 指明修改报告设置的人；未作任何修改</translation>
        </message>
        <message>
            <source>Name who was notified of the failing result</source>
            <translation>请填写被告知不合格结果的单位或人员</translation>
        </message>
        <message>
            <source>No area '{text}'</source>
            <translation>没有区域“{text}”</translation>
        </message>
        <message>
            <source>No area '{text}' in the workbook or the catalogue</source>
            <translation>工作簿和基础数据中都没有区域“{text}”</translation>
        </message>
        <message>
            <source>No certificate numbered {number} is recorded</source>
            <translation>未登记编号为 {number} 的证书</translation>
        </message>
        <message>
            <source>No edition {year} of {standard} in the catalogue; it holds {editions}</source>
            <translation>目录中没有 {standard} 的 {year} 版；现有版本：{editions}</translation>
        </message>
        <message>
            <source>No header row in the first {n} rows of {file}: an ability table needs the columns 序号, 名称 and 依据的标准（方法）名称及编号（含年号）</source>
            <translation>{file} 前 {n} 行中没有表头：能力附表须有“序号”“名称”和“依据的标准（方法）名称及编号（含年号）”列</translation>
        </message>
        <message>
            <source>No instrument has the id {id}</source>
            <translation>没有编号为 {id} 的仪器</translation>
        </message>
        <message>
            <source>No instrument is named {name}</source>
            <translation>没有名为 {name} 的仪器</translation>
        </message>
        <message>
            <source>No kit lot has the id {id}</source>
            <translation>没有编号为 {id} 的试剂批次</translation>
        </message>
        <message>
            <source>No kit lot is numbered {lot}</source>
            <translation>没有批号为 {lot} 的试剂批次</translation>
        </message>
        <message>
            <source>No list '{title}' in the master data</source>
            <translation>基础数据中没有“{title}”</translation>
        </message>
        <message>
            <source>No method for {parameter} by {standard} in the workbook or the catalogue</source>
            <translation>工作簿和基础数据中都没有按 {standard} 检测 {parameter} 的方法</translation>
        </message>
        <message>
            <source>No method standard with its year in '{text}', e.g. GB 23200.113-2018 or NY/T 761-2008</source>
            <translation>“{text}”中没有带年号的方法标准，例如 GB 23200.113-2018 或 NY/T 761-2008</translation>
        </message>
        <message>
            <source>No panel is defined for this product or its categories</source>
            <translation>该产品及其所属类别均未设置检测项目套餐</translation>
        </message>
        <message>
            <source>No parameter '{text}' in the catalogue</source>
            <translation>检测参数目录中没有“{text}”</translation>
        </message>
        <message>
            <source>No parameter '{text}' in the catalogue; did you mean {suggestions}?</source>
            <translation>检测参数目录中没有“{text}”；您是否要找：{suggestions}？</translation>
        </message>
        <message>
            <source>No parameter '{text}' in the workbook or the catalogue</source>
            <translation>工作簿和基础数据中都没有参数“{text}”</translation>
        </message>
        <message>
            <source>No password was given, so nothing was done</source>
            <translation>未输入密码，未执行任何操作</translation>
        </message>
        <message>
            <source>No product '{text}' in the catalogue</source>
            <translation>产品目录中没有“{text}”</translation>
        </message>
        <message>
            <source>No product '{text}' in the catalogue; did you mean {suggestions}?</source>
            <translation>产品目录中没有“{text}”；您是否要找：{suggestions}？</translation>
        </message>
        <message>
            <source>No product '{text}' in the workbook or the catalogue</source>
            <translation>工作簿和基础数据中都没有产品“{text}”</translation>
        </message>
        <message>
            <source>No reading has the id {id}</source>
            <translation>没有编号为 {id} 的读数</translation>
        </message>
        <message>
            <source>No sample has the code {code}</source>
            <translation>未找到样品 {code}</translation>
        </message>
        <message>
            <source>No sampling task '{text}'</source>
            <translation>没有抽样任务“{text}”</translation>
        </message>
        <message>
            <source>No standard edition '{text}' in the workbook or the catalogue</source>
            <translation>工作簿和基础数据中都没有标准“{text}”</translation>
        </message>
        <message>
            <source>No standard {standard}-{year} in the catalogue</source>
            <translation>目录中没有标准 {standard}-{year}</translation>
        </message>
        <message>
            <source>No user '{text}': add the person with lims user add first</source>
            <translation>没有用户“{text}”：请先用 lims user add 添加此人</translation>
        </message>
        <message>
            <source>No {kind} certificate is valid on {day}: record the certificate before applying to expand it</source>
            <translation>{day} 没有有效的 {kind} 证书：请先登记证书再申请扩项</translation>
        </message>
        <message>
            <source>Only a finite number can be rounded, not {value}</source>
            <translation>只能修约有限数值，不能修约 {value}</translation>
        </message>
        <message>
            <source>Only an authorised signatory may approve a sample</source>
            <translation>只有授权签字人可以批准样品</translation>
        </message>
        <message>
            <source>Only the field seq takes a format (such as 06d) in the code pattern {pattern}</source>
            <translation>编号格式 {pattern} 中只有 seq 字段可带格式（如 06d）</translation>
        </message>
        <message>
            <source>Position {position} belongs to the administrative division code and must be a digit, not '{char}'</source>
            <translation>第 {position} 位属于行政区划码，应为数字，不能是“{char}”</translation>
        </message>
        <message>
            <source>Print between 1 and {most} labels per sample</source>
            <translation>每个样品可打印 1 至 {most} 张标签</translation>
        </message>
        <message>
            <source>Product {id} does not exist</source>
            <translation>产品 {id} 不存在</translation>
        </message>
        <message>
            <source>Qt cannot load ({why}): install the system libraries scripts/install.sh installs (libegl1, libgl1, libfontconfig1, libxkbcommon0)</source>
            <translation>Qt 无法加载（{why}）：请安装 scripts/install.sh 所装的系统库（libegl1、libgl1、libfontconfig1、libxkbcommon0）</translation>
        </message>
        <message>
            <source>Reading {id} is {state}, not {wanted}</source>
            <translation>读数 {id} 的状态为 {state}，不是 {wanted}</translation>
        </message>
        <message>
            <source>Reading {id} is {state}: only an unmatched or held reading is discarded</source>
            <translation>读数 {id} 的状态为 {state}：只有未匹配或暂扣的读数可以舍弃</translation>
        </message>
        <message>
            <source>Record the action taken before the traceback is closed</source>
            <translation>办结溯源核查前须先登记处置措施</translation>
        </message>
        <message>
            <source>Record who was notified before the traceback is closed</source>
            <translation>办结溯源核查前须先登记告知情况</translation>
        </message>
        <message>
            <source>Report {number} has no result rows</source>
            <translation>报告 {number} 没有检测结果行</translation>
        </message>
        <message>
            <source>Report {number} is void already; amend the report that replaced it</source>
            <translation>报告 {number} 已作废；请更正替代它的报告</translation>
        </message>
        <message>
            <source>Report {number} names no sample</source>
            <translation>报告 {number} 未列出样品</translation>
        </message>
        <message>
            <source>Report {number}: the row for {parameter} names sample {code}, which the report does not list</source>
            <translation>报告 {number}：{parameter} 一行所属的样品 {code} 不在报告列出的样品中</translation>
        </message>
        <message>
            <source>Reports cannot be written to {path}: {reason}; nothing was issued</source>
            <translation>无法向 {path} 写入报告：{reason}；未签发任何报告</translation>
        </message>
        <message>
            <source>Results are entered while the sample is being tested; it is {status}</source>
            <translation>只能在检测中录入结果；该样品当前状态为 {status}</translation>
        </message>
        <message>
            <source>Sample {code} already has report {number} in force; amend that report instead</source>
            <translation>样品 {code} 已有有效报告 {number}；请改为更正该报告</translation>
        </message>
        <message>
            <source>Sample {code} did not fail: it has no traceback</source>
            <translation>样品 {code} 未判定为不合格，无需溯源核查</translation>
        </message>
        <message>
            <source>Sample {code} has no results to report</source>
            <translation>样品 {code} 没有可报告的结果</translation>
        </message>
        <message>
            <source>Sample {code} has no test of {parameter}</source>
            <translation>样品 {code} 没有 {parameter} 检测项目</translation>
        </message>
        <message>
            <source>Sample {code} is not approved, so no report can be made from it (it is {status})</source>
            <translation>样品 {code} 尚未批准，不能出具报告（当前状态：{status}）</translation>
        </message>
        <message>
            <source>Sample {id} does not exist</source>
            <translation>样品 {id} 不存在</translation>
        </message>
        <message>
            <source>Samples {ids} do not exist; no labels were made</source>
            <translation>样品 {ids} 不存在，未生成任何标签</translation>
        </message>
        <message>
            <source>Say where the limit comes from (standard, edition and table)</source>
            <translation>请注明限量的来源（标准、版本和表）</translation>
        </message>
        <message>
            <source>Say where the limits come from (standard, edition and table) in the source text</source>
            <translation>请在来源中注明限量值的出处（标准、版本和表）</translation>
        </message>
        <message>
            <source>Say where the sample is stored</source>
            <translation>请填写样品存放位置</translation>
        </message>
        <message>
            <source>Say why the report is amended</source>
            <translation>请说明更正报告的原因</translation>
        </message>
        <message>
            <source>Sequence {seq} does not fit the {width} digits of the pattern {pattern}: widen the pattern</source>
            <translation>流水号 {seq} 超出编号格式 {pattern} 的 {width} 位：请加宽格式</translation>
        </message>
        <message>
            <source>Several kit lots are numbered {lot}: {names}</source>
            <translation>有多个试剂批次的批号为 {lot}：{names}</translation>
        </message>
        <message>
            <source>Standard input held no password, so nothing was done</source>
            <translation>标准输入中没有密码，未执行任何操作</translation>
        </message>
        <message>
            <source>Test {id} does not exist</source>
            <translation>检测项目 {id} 不存在</translation>
        </message>
        <message>
            <source>The LOQ ({loq}) cannot be below the LOD ({lod})</source>
            <translation>定量限（{loq}）不能低于检出限（{lod}）</translation>
        </message>
        <message>
            <source>The LOQ {loq} is below the LOD {lod}</source>
            <translation>定量限 {loq} 低于检出限 {lod}</translation>
        </message>
        <message>
            <source>The account {user} is no longer active; nothing was changed</source>
            <translation>账户 {user} 已停用，未作任何更改</translation>
        </message>
        <message>
            <source>The alias {alias} was changed on another workstation since you opened it; reload and try again</source>
            <translation>别名 {alias} 在您打开后已被另一工作站修改；请刷新后重试</translation>
        </message>
        <message>
            <source>The alias {id} no longer exists; reload the list</source>
            <translation>别名 {id} 已不存在；请刷新列表</translation>
        </message>
        <message>
            <source>The application was {status} on {day}: no step follows</source>
            <translation>该申请已于 {day} {status}，不再有后续步骤</translation>
        </message>
        <message>
            <source>The approval date {day} lies outside the validity of the {kind} certificate {number} ({start} to {end})</source>
            <translation>批准日期 {day} 不在 {kind} 证书 {number} 的有效期内（{start} 至 {end}）</translation>
        </message>
        <message>
            <source>The approval date {text} printed in {file} is not a day of the calendar</source>
            <translation>{file} 所印批准日期 {text} 不是有效日期</translation>
        </message>
        <message>
            <source>The area no longer exists</source>
            <translation>该区域已不存在</translation>
        </message>
        <message>
            <source>The area {name} is retired: choose an area in use</source>
            <translation>区域 {name} 已停用：请选择在用的区域</translation>
        </message>
        <message>
            <source>The audit covers 0 or more days</source>
            <translation>审核天数须为 0 或以上</translation>
        </message>
        <message>
            <source>The audit period ends ({end}) before it starts ({start})</source>
            <translation>审核期间的结束日（{end}）早于开始日（{start}）</translation>
        </message>
        <message>
            <source>The calibration of {instrument} was not valid on {day} (the latest ran until {until})</source>
            <translation>{instrument} 的检定/校准在 {day} 无效（最近一次有效期至 {until}）</translation>
        </message>
        <message>
            <source>The certificate {number} has no ability table yet</source>
            <translation>证书 {number} 尚无能力附表</translation>
        </message>
        <message>
            <source>The certificate {number} was changed on another workstation since you opened it; reload and try again</source>
            <translation>证书 {number} 在您打开后已被其他工作站修改，请刷新后重试</translation>
        </message>
        <message>
            <source>The code pattern {pattern} is malformed: {why}</source>
            <translation>编号格式 {pattern} 有误：{why}</translation>
        </message>
        <message>
            <source>The code pattern {pattern} may show year or yy, not both</source>
            <translation>编号格式 {pattern} 只能含 year 或 yy 之一</translation>
        </message>
        <message>
            <source>The code pattern {pattern} must contain the field seq</source>
            <translation>编号格式 {pattern} 必须包含 seq 字段</translation>
        </message>
        <message>
            <source>The confirmation must test {parameter}, the parameter screened</source>
            <translation>确证检测必须检测速测的项目{parameter}</translation>
        </message>
        <message>
            <source>The control's absorbance change must be above zero, not {value}</source>
            <translation>对照的吸光度变化值须大于零，而不是 {value}</translation>
        </message>
        <message>
            <source>The cut-off rule {rule} of kit lot {lot} does not fit a {kind} kit</source>
            <translation>试剂批次 {lot} 的判定规则 {rule} 不适用于 {kind} 试剂</translation>
        </message>
        <message>
            <source>The cut-offs of kit lot {lot} are not valid JSON: {why}</source>
            <translation>试剂批次 {lot} 的判定阈值不是有效的 JSON：{why}</translation>
        </message>
        <message>
            <source>The cut-offs of kit lot {lot} must be a JSON object</source>
            <translation>试剂批次 {lot} 的判定阈值必须是 JSON 对象</translation>
        </message>
        <message>
            <source>The database already holds {users} user(s), {samples} sample(s) and {products} catalogue product(s); the demo lab is built only into an empty database</source>
            <translation>数据库中已有 {users} 个用户、{samples} 个样品和 {products} 个产品目录项；演示实验室只能建在空数据库中</translation>
        </message>
        <message>
            <source>The database file is damaged ({why}): nothing was changed; run lims check and restore the last backup</source>
            <translation>数据库文件已损坏（{why}）：未作任何修改；请运行 lims check 并恢复最近的备份</translation>
        </message>
        <message>
            <source>The database {where} was written by a newer release of the LIMS (schema {schema}); install that release or newer to open it</source>
            <translation>数据库 {where} 由更新版本的本系统写入（数据库结构 {schema}）；请安装该版本或更新版本后再打开</translation>
        </message>
        <message>
            <source>The demo data file {path} is missing from this installation</source>
            <translation>本次安装缺少演示数据文件 {path}</translation>
        </message>
        <message>
            <source>The demo data refers to an unknown {what} '{key}'</source>
            <translation>演示数据引用了未知的{what}“{key}”</translation>
        </message>
        <message>
            <source>The demo generator needs at least two samplers</source>
            <translation>演示数据生成器至少需要两名抽样人员</translation>
        </message>
        <message>
            <source>The demo generator samples {product}, which has no panel</source>
            <translation>演示数据生成器抽取了 {product}，但该产品没有检测项目套餐</translation>
        </message>
        <message>
            <source>The demo panel {panel} names {parameter} by {method}, which is not a demo method</source>
            <translation>演示检测项目套餐 {panel} 用 {method} 检测 {parameter}，但该方法不是演示方法</translation>
        </message>
        <message>
            <source>The demo standards' replaced_by references form a loop or name an unknown standard: {refs}</source>
            <translation>演示标准的 replaced_by 引用构成循环或指向未知标准：{refs}</translation>
        </message>
        <message>
            <source>The demo task {task} samples no product with a panel</source>
            <translation>演示抽样任务 {task} 没有抽取任何带检测项目套餐的产品</translation>
        </message>
        <message>
            <source>The edition year of {standard} is missing</source>
            <translation>缺少 {standard} 的年号</translation>
        </message>
        <message>
            <source>The end date {to} is before the start date {frm}</source>
            <translation>结束日期 {to} 早于开始日期 {frm}</translation>
        </message>
        <message>
            <source>The entry was not saved: {bad} field(s) need correcting</source>
            <translation>未保存：有 {bad} 个字段需要更正</translation>
        </message>
        <message>
            <source>The entry {id} of {sheet} no longer exists; reload the list</source>
            <translation>{sheet}中的条目 {id} 已不存在，请刷新列表</translation>
        </message>
        <message>
            <source>The evidence file has no name</source>
            <translation>证据文件没有文件名</translation>
        </message>
        <message>
            <source>The expansion application {title} was changed on another workstation since you opened it; reload and try again</source>
            <translation>扩项申请“{title}”在您打开后已被另一工作站修改；请刷新后重试</translation>
        </message>
        <message>
            <source>The field '{name}' appears twice in the code pattern {pattern}</source>
            <translation>字段“{name}”在编号格式 {pattern} 中出现了两次</translation>
        </message>
        <message>
            <source>The file {path} cannot be read: {reason}</source>
            <translation>无法读取文件 {path}：{reason}</translation>
        </message>
        <message>
            <source>The file {path} does not exist</source>
            <translation>文件 {path} 不存在</translation>
        </message>
        <message>
            <source>The first day {first} is after the last day {last}</source>
            <translation>起始日期 {first} 晚于截止日期 {last}</translation>
        </message>
        <message>
            <source>The first label position must be between 1 and {count}</source>
            <translation>起始标签位置须在 1 至 {count} 之间</translation>
        </message>
        <message>
            <source>The folder {path} does not exist; nothing was written</source>
            <translation>文件夹 {path} 不存在，未写入任何内容</translation>
        </message>
        <message>
            <source>The format of seq must be d or 0 and a width and d (such as 06d), not '{spec}'</source>
            <translation>seq 的格式应为 d 或 0+宽度+d（如 06d），不能是“{spec}”</translation>
        </message>
        <message>
            <source>The header row {row} has no column for {missing}: accepted headers are {accepted}</source>
            <translation>第 {row} 行表头缺少“{missing}”列：可用的列名为 {accepted}</translation>
        </message>
        <message>
            <source>The hold of this capture on {instrument} was ended elsewhere; the capture stops</source>
            <translation>本次采集对 {instrument} 的占用已在别处被结束；采集停止</translation>
        </message>
        <message>
            <source>The inhibition {value} sent by {instrument} is not a number</source>
            <translation>{instrument} 发送的抑制率 {value} 不是数字</translation>
        </message>
        <message>
            <source>The instrument adapters cannot be listed: {problem}</source>
            <translation>无法列出仪器适配器：{problem}</translation>
        </message>
        <message>
            <source>The instrument code {code} is given twice</source>
            <translation>仪器项目代码 {code} 重复</translation>
        </message>
        <message>
            <source>The instrument no longer exists</source>
            <translation>该仪器已不存在</translation>
        </message>
        <message>
            <source>The instrument {name} cannot be captured: {problem}</source>
            <translation>无法采集仪器 {name} 的数据：{problem}</translation>
        </message>
        <message>
            <source>The instrument {name} was changed on another workstation; reload and try again</source>
            <translation>仪器 {name} 已被其他工作站修改，请刷新后重试</translation>
        </message>
        <message>
            <source>The lab has no signing identity: import the lab's certificate (PKCS#12) or generate a test identity first; nothing was issued</source>
            <translation>本机构尚无签名证书：请先导入本机构的证书（PKCS#12）或生成测试证书；未签发任何报告</translation>
        </message>
        <message>
            <source>The labels could not be saved to {path}: {reason}</source>
            <translation>标签无法保存到 {path}：{reason}</translation>
        </message>
        <message>
            <source>The last sequence used cannot be negative: {seq}</source>
            <translation>上一个流水号不能为负：{seq}</translation>
        </message>
        <message>
            <source>The limit was not saved: {bad} field(s) need correcting</source>
            <translation>限量未保存：有 {bad} 个字段需要更正</translation>
        </message>
        <message>
            <source>The limit {value} cannot be stored exactly: at most {digits} digits before and after the point</source>
            <translation>限量值 {value} 无法精确保存：小数点前后最多各 {digits} 位</translation>
        </message>
        <message>
            <source>The limits of use '{text}' cannot be checked against a test's data: its tests will need a person's review</source>
            <translation>限制范围“{text}”无法依据检测数据自动判断：相关检测需人工确认</translation>
        </message>
        <message>
            <source>The lockout threshold is a whole number from 1 to 100</source>
            <translation>锁定阈值须为 1 到 100 之间的整数</translation>
        </message>
        <message>
            <source>The name '{text}' fits several entries ({matches}): write the code</source>
            <translation>名称“{text}”对应多个条目（{matches}）：请填写编码</translation>
        </message>
        <message>
            <source>The name of who was notified is at most {n} characters</source>
            <translation>被告知单位或人员名称最多 {n} 个字符</translation>
        </message>
        <message>
            <source>The notification cannot come before the sample was taken</source>
            <translation>告知时间不能早于抽样时间</translation>
        </message>
        <message>
            <source>The number must be at least 0</source>
            <translation>数值不能小于 0</translation>
        </message>
        <message>
            <source>The number must be at least 1</source>
            <translation>数值至少为 1</translation>
        </message>
        <message>
            <source>The number of demo samples must be zero or more, not {n}</source>
            <translation>演示样品数量须为零或正数，不能是 {n}</translation>
        </message>
        <message>
            <source>The output folder {path} does not exist; nothing was issued</source>
            <translation>输出文件夹 {path} 不存在；未签发任何报告</translation>
        </message>
        <message>
            <source>The parameter name '{text}' fits several parameters ({matches}): type the full name</source>
            <translation>参数名称“{text}”对应多个参数（{matches}）：请输入完整名称</translation>
        </message>
        <message>
            <source>The password is wrong</source>
            <translation>密码错误</translation>
        </message>
        <message>
            <source>The port settings are not usable: {problem}</source>
            <translation>端口设置不可用：{problem}</translation>
        </message>
        <message>
            <source>The port settings of {name} are not readable: {problem}</source>
            <translation>仪器 {name} 的端口设置无法读取：{problem}</translation>
        </message>
        <message>
            <source>The process issuing the reports stopped (exit code {code}) at sample #{id}; that report was not issued and the batch was stopped</source>
            <translation>签发报告的进程在样品 #{id} 处意外结束（退出码 {code}）；该报告未签发，批量签发已停止</translation>
        </message>
        <message>
            <source>The producer no longer exists</source>
            <translation>该受检单位已不存在</translation>
        </message>
        <message>
            <source>The producer {name} is retired: choose a producer in use</source>
            <translation>受检单位 {name} 已停用：请选择在用的受检单位</translation>
        </message>
        <message>
            <source>The product name '{text}' fits several catalogue entries ({matches}): type its code</source>
            <translation>产品名称“{text}”对应多个目录项（{matches}）：请输入产品代码</translation>
        </message>
        <message>
            <source>The reader's inhibition is not a number: {value}</source>
            <translation>仪器给出的抑制率不是数字：{value}</translation>
        </message>
        <message>
            <source>The reader's inhibition {reported} % disagrees with its absorbances (control {control}, sample {sample}), which give {expected} %: check the control's channel and read the sample again</source>
            <translation>仪器给出的抑制率 {reported} % 与其吸光度（对照 {control}，样品 {sample}）不符，按吸光度应为 {expected} %：请核对对照通道并重新测定该样品</translation>
        </message>
        <message>
            <source>The reading carries no sample code: assign it its sample</source>
            <translation>该读数没有样品编号：请为其指定样品</translation>
        </message>
        <message>
            <source>The reading of {instrument} carries no T and C line values (it has: {flags})</source>
            <translation>{instrument} 的读数不含 T 线和 C 线数值（其内容为：{flags}）</translation>
        </message>
        <message>
            <source>The renewal lead is 0 to 3660 days</source>
            <translation>提前申请换证的天数须在 0 至 3660 之间</translation>
        </message>
        <message>
            <source>The report PDF cannot be opened for signing: {reason}</source>
            <translation>无法打开报告 PDF 进行签名：{reason}</translation>
        </message>
        <message>
            <source>The sample already has a test for this parameter</source>
            <translation>该样品已有此参数的检测项目</translation>
        </message>
        <message>
            <source>The sample code {code} cannot be printed as a barcode: it may hold only letters, digits and ASCII punctuation</source>
            <translation>样品编号 {code} 无法打印为条码：编号只能包含字母、数字和 ASCII 标点</translation>
        </message>
        <message>
            <source>The sample has no tests: assign tests before you {transition} it</source>
            <translation>该样品没有检测项目：请先分配检测项目再执行 {transition}</translation>
        </message>
        <message>
            <source>The sample was verified before: give the reason for the change</source>
            <translation>该样品已审核过：请填写修改原因</translation>
        </message>
        <message>
            <source>The sample {code} was changed on another workstation at the same moment; reload and try again</source>
            <translation>样品 {code} 同时在另一工作站被修改；请刷新后重试</translation>
        </message>
        <message>
            <source>The sample {code} was changed on another workstation since you opened it; reload and try again</source>
            <translation>样品 {code} 在您打开后已被另一工作站修改；请刷新后重试</translation>
        </message>
        <message>
            <source>The sample's product is missing: cannot look up its limits</source>
            <translation>样品缺少产品信息，无法查找限量值</translation>
        </message>
        <message>
            <source>The sample's test of {parameter} uses a rapid method; drop it before the confirmation by a laboratory method</source>
            <translation>该样品的{parameter}检测使用的是速测方法；请先撤销该检测，再以实验室方法确证</translation>
        </message>
        <message>
            <source>The sampling date must be a calendar date in the lab's time zone, not a time stamp ({value})</source>
            <translation>抽样日期应为实验室所在时区的日历日期，不能是时间戳（{value}）</translation>
        </message>
        <message>
            <source>The sampling date range starts on {first}, after it ends on {last}</source>
            <translation>抽样日期范围的起始日 {first} 晚于截止日 {last}</translation>
        </message>
        <message>
            <source>The sampling task no longer exists</source>
            <translation>该抽样任务已不存在</translation>
        </message>
        <message>
            <source>The sampling task {name} is retired: choose a task in use</source>
            <translation>抽样任务 {name} 已停用：请选择在用的任务</translation>
        </message>
        <message>
            <source>The sampling time lies in the future</source>
            <translation>抽样时间晚于当前时间</translation>
        </message>
        <message>
            <source>The sampling time needs its time zone</source>
            <translation>抽样时间缺少时区</translation>
        </message>
        <message>
            <source>The screen cannot come before the sample was taken</source>
            <translation>速测时间不能早于抽样时间</translation>
        </message>
        <message>
            <source>The settings for the capture of {instrument} do not fit it: {problem}</source>
            <translation>采集 {instrument} 的设置与其不符：{problem}</translation>
        </message>
        <message>
            <source>The sheet {sheet} has no column for {missing}</source>
            <translation>工作表 {sheet} 缺少列：{missing}</translation>
        </message>
        <message>
            <source>The sheet {sheet} has no header row naming {columns} in its first {n} rows</source>
            <translation>工作表 {sheet} 的前 {n} 行中没有包含 {columns} 的表头行</translation>
        </message>
        <message>
            <source>The signing certificate file {path} cannot be read: {reason}</source>
            <translation>无法读取签名证书文件 {path}：{reason}</translation>
        </message>
        <message>
            <source>The signing certificate {label} needs its password; nothing was issued</source>
            <translation>签名证书 {label} 需要输入其密码；未签发任何报告</translation>
        </message>
        <message>
            <source>The signing certificate {path} could not be opened: the password is wrong or the file is not a PKCS#12 (.p12/.pfx) file</source>
            <translation>无法打开签名证书 {path}：密码错误，或该文件不是 PKCS#12（.p12/.pfx）文件</translation>
        </message>
        <message>
            <source>The signing certificate {path} holds no private key with its certificate</source>
            <translation>签名证书 {path} 中没有与证书配对的私钥</translation>
        </message>
        <message>
            <source>The standard number is missing</source>
            <translation>缺少标准编号</translation>
        </message>
        <message>
            <source>The starter reference data file {path} is missing from this installation</source>
            <translation>本安装缺少起步参考数据文件 {path}</translation>
        </message>
        <message>
            <source>The step {step} cannot be dated {day}, after today</source>
            <translation>步骤 {step} 的日期 {day} 不能晚于今天</translation>
        </message>
        <message>
            <source>The step {step} cannot be dated {day}, before the step {last} ({last_day})</source>
            <translation>步骤 {step} 的日期 {day} 不能早于上一步 {last}（{last_day}）</translation>
        </message>
        <message>
            <source>The stored evidence file {file} no longer matches the SHA-256 taken when it was attached</source>
            <translation>已保存的证据文件 {file} 与附加时的 SHA-256 不再一致</translation>
        </message>
        <message>
            <source>The test has results: it cannot be dropped, only retested</source>
            <translation>该检测项目已有结果：不能删除，只能复测</translation>
        </message>
        <message>
            <source>The test was changed on another workstation since you opened it; reload and try again</source>
            <translation>该检测项目在您打开后已被另一工作站修改；请刷新后重试</translation>
        </message>
        <message>
            <source>The test was dropped</source>
            <translation>该检测项目已删除</translation>
        </message>
        <message>
            <source>The time of the notification lies in the future</source>
            <translation>告知时间晚于当前时间</translation>
        </message>
        <message>
            <source>The time of the notification needs its time zone</source>
            <translation>告知时间须带时区</translation>
        </message>
        <message>
            <source>The time of the rapid result needs its time zone</source>
            <translation>速测结果时间须带时区</translation>
        </message>
        <message>
            <source>The time of the screen lies in the future</source>
            <translation>速测时间晚于当前时间</translation>
        </message>
        <message>
            <source>The time of the screen needs its time zone</source>
            <translation>速测时间须带时区</translation>
        </message>
        <message>
            <source>The time-stamp server {url} did not answer within {seconds} s; the report was not signed</source>
            <translation>时间戳服务器 {url} 在 {seconds} 秒内没有响应；报告未签名</translation>
        </message>
        <message>
            <source>The time-stamp server {url} gave no time-stamp ({reason}); the report was not signed</source>
            <translation>时间戳服务器 {url} 未给出时间戳（{reason}）；报告未签名</translation>
        </message>
        <message>
            <source>The traceback of sample {code} is closed</source>
            <translation>样品 {code} 的溯源核查已办结</translation>
        </message>
        <message>
            <source>The traceback of sample {code} was changed on another workstation since you opened it; reload and try again</source>
            <translation>样品 {code} 的溯源核查在您打开后已被其他工作站修改，请刷新后重试</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>两次输入的密码不一致</translation>
        </message>
        <message>
            <source>The two samplers must be different people</source>
            <translation>两名抽样人员须为不同的人</translation>
        </message>
        <message>
            <source>The user name {user} is taken</source>
            <translation>用户名 {user} 已被使用</translation>
        </message>
        <message>
            <source>The user {user} was changed on another workstation at the same moment; reload and try again</source>
            <translation>用户 {user} 刚刚在另一工作站上被同时修改；请重新读取后再试</translation>
        </message>
        <message>
            <source>The user {user} was changed on another workstation since you opened it; reload and try again</source>
            <translation>用户 {user} 在您打开后已在另一工作站上被修改；请重新读取后再试</translation>
        </message>
        <message>
            <source>The value {value} is marked * (temporary) but the kind says {kind}</source>
            <translation>限量值 {value} 带有 *（临时限量），但类型填写为 {kind}</translation>
        </message>
        <message>
            <source>The value {value} is too large</source>
            <translation>数值 {value} 过大</translation>
        </message>
        <message>
            <source>The {kind} limit of {standard} has no value</source>
            <translation>{standard} 的 {kind} 限量缺少数值</translation>
        </message>
        <message>
            <source>The {kind} mark file {path} does not exist</source>
            <translation>{kind} 标志文件 {path} 不存在</translation>
        </message>
        <message>
            <source>The {kind} mark file {path} is not an SVG drawing that can be printed</source>
            <translation>{kind} 标志文件 {path} 不是可打印的 SVG 图形</translation>
        </message>
        <message>
            <source>The {kind} mark file {path} is not an image that can be printed ({reason})</source>
            <translation>{kind} 标志文件 {path} 不是可打印的图片（{reason}）</translation>
        </message>
        <message>
            <source>The {kind} mark {path} is an SVG file, which needs the svglib package; install it or give a PNG file</source>
            <translation>{kind} 标志 {path} 是 SVG 文件，需要安装 svglib 软件包；请安装它或改用 PNG 文件</translation>
        </message>
        <message>
            <source>There is no database at {path}: check the name, or create one with lims init --db {path}</source>
            <translation>{path} 处没有数据库：请检查名称，或用 lims init --db {path} 创建</translation>
        </message>
        <message>
            <source>There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set): start it from the workstation's desktop, or under xvfb-run; the commands (lims --help) need no display</source>
            <translation>没有可显示窗口的屏幕（未设置 DISPLAY 或 WAYLAND_DISPLAY）：请在工作站桌面上启动，或在 xvfb-run 下运行；命令行（lims --help）不需要屏幕</translation>
        </message>
        <message>
            <source>There is no label layout named {name}</source>
            <translation>没有名为 {name} 的标签版式</translation>
        </message>
        <message>
            <source>There is no report numbered {number}</source>
            <translation>没有编号为 {number} 的报告</translation>
        </message>
        <message>
            <source>There is no sample status {status}: use one of {choices}</source>
            <translation>没有样品状态 {status}：可用的有 {choices}</translation>
        </message>
        <message>
            <source>There is no sample with the code {code}</source>
            <translation>没有编号为 {code} 的样品</translation>
        </message>
        <message>
            <source>There is no task with the code {code}</source>
            <translation>没有编号为 {code} 的任务</translation>
        </message>
        <message>
            <source>This cell is empty</source>
            <translation>此单元格为空</translation>
        </message>
        <message>
            <source>This entry of {sheet} was changed on another workstation since you opened it; reload and try again</source>
            <translation>您打开后，{sheet}中的该条目已在其他工作站被修改，请刷新后重试</translation>
        </message>
        <message>
            <source>This row names the same entry as row {first}</source>
            <translation>此行与第 {first} 行是同一条目</translation>
        </message>
        <message>
            <source>This row repeats the limit of row {first} for {product}, {parameter}, {standard}</source>
            <translation>此行与第 {first} 行重复：{product}、{parameter}、{standard} 的限量</translation>
        </message>
        <message>
            <source>This text has {length} characters; at most {limit} fit</source>
            <translation>此文本有 {length} 个字符，最多只能容纳 {limit} 个</translation>
        </message>
        <message>
            <source>This text holds a broken character ({code}) that cannot be stored: retype it</source>
            <translation>此文本含有无法保存的损坏字符（{code}）：请重新输入</translation>
        </message>
        <message>
            <source>This text holds a control character ({code}) such as a tab or a line break: write it on one line without that character</source>
            <translation>此文本含有制表符、换行符等控制字符（{code}）：请写在一行内，去掉该字符</translation>
        </message>
        <message>
            <source>This text holds a control character ({code}): retype it without that character</source>
            <translation>此文本含有控制字符（{code}）：请去掉该字符后重新输入</translation>
        </message>
        <message>
            <source>This text holds an invisible direction control ({code}) that changes how it reads: retype it without that character</source>
            <translation>此文本含有会改变显示顺序的不可见方向控制符（{code}）：请去掉该字符后重新输入</translation>
        </message>
        <message>
            <source>To {transition} a sample you need one of the roles: {roles}</source>
            <translation>执行 {transition} 需要以下角色之一：{roles}</translation>
        </message>
        <message>
            <source>Unknown adapter {adapter}; known: {known}</source>
            <translation>未知的适配器 {adapter}；可用的有：{known}</translation>
        </message>
        <message>
            <source>Unknown field '{name}' in the code pattern {pattern}: use prefix, year, yy and seq</source>
            <translation>编号格式 {pattern} 中有未知字段“{name}”：可用 prefix、year、yy 和 seq</translation>
        </message>
        <message>
            <source>Unknown kind of producer: {kind}</source>
            <translation>未知的受检单位类型：{kind}</translation>
        </message>
        <message>
            <source>Unknown limit kind '{text}': use mrl (限量), temporary (临时限量) or not_detectable (不得检出)</source>
            <translation>未知的限量类型“{text}”：请填写 mrl（限量）、temporary（临时限量）或 not_detectable（不得检出）</translation>
        </message>
        <message>
            <source>Unknown role: {role}</source>
            <translation>未知角色：{role}</translation>
        </message>
        <message>
            <source>Unknown time zone '{zone}' (e.g. Asia/Shanghai)</source>
            <translation>未知的时区“{zone}”（例如 Asia/Shanghai）</translation>
        </message>
        <message>
            <source>Unknown unit '{unit}': use g/kg, mg/kg, µg/kg, g/100g, mg/100g, µg/100g, mg/L or µg/L</source>
            <translation>未知单位“{unit}”：请使用 g/kg、mg/kg、µg/kg、g/100g、mg/100g、µg/100g、mg/L 或 µg/L</translation>
        </message>
        <message>
            <source>Unknown value '{text}': use one of {choices}</source>
            <translation>无法识别的值“{text}”：请使用 {choices} 之一</translation>
        </message>
        <message>
            <source>Unsupported database '{backend}': use an SQLite file or postgresql+psycopg://</source>
            <translation>不支持的数据库“{backend}”：请使用 SQLite 文件或 postgresql+psycopg://</translation>
        </message>
        <message>
            <source>Use receive() with the sample's condition and storage place</source>
            <translation>收样须填写样品状态和存放位置</translation>
        </message>
        <message>
            <source>User {id} no longer exists</source>
            <translation>用户 {id} 已不存在</translation>
        </message>
        <message>
            <source>Version {version} of the {kind} ability table was approved on {newest}, after {day}: an approval cannot be dated before it</source>
            <translation>{kind} 能力附表第 {version} 版于 {newest} 批准，晚于 {day}：批准日期不能早于该版本</translation>
        </message>
        <message>
            <source>Wait at most {most} seconds for the time-stamp server</source>
            <translation>等待时间戳服务器最多 {most} 秒</translation>
        </message>
        <message>
            <source>Write a JSON object such as {example}, not '{text}'</source>
            <translation>请填写 JSON 对象，例如 {example}，而不是“{text}”</translation>
        </message>
        <message>
            <source>Write 是 or 否, not '{text}'</source>
            <translation>请填写“是”或“否”，不能是“{text}”</translation>
        </message>
        <message>
            <source>Wrong check character '{found}' in credit code {code}: expected '{expected}'</source>
            <translation>信用代码 {code} 的校验码“{found}”有误：应为“{expected}”</translation>
        </message>
        <message>
            <source>Wrong password. The account {user} is now locked after {n} failed log-ins; an administrator must unlock it</source>
            <translation>密码错误。账户 {user} 已连续登录失败 {n} 次，现已锁定，须由系统管理员解锁</translation>
        </message>
        <message>
            <source>Wrong user name or password</source>
            <translation>用户名或密码错误</translation>
        </message>
        <message>
            <source>Wrong user name or password ({n} attempt(s) left before the account is locked)</source>
            <translation>用户名或密码错误（再失败 {n} 次账户将被锁定）</translation>
        </message>
        <message>
            <source>You cannot deactivate your own account</source>
            <translation>不能停用自己的账户</translation>
        </message>
        <message>
            <source>You cannot remove your own administrator role</source>
            <translation>不能取消自己的系统管理员角色</translation>
        </message>
        <message>
            <source>You entered or analysed {count} of the results on this sample: another person must verify it</source>
            <translation>该样品中有 {count} 个结果由您录入或检测：须由他人审核</translation>
        </message>
        <message>
            <source>You hold no signing authorisation for {count} of the parameters on this sample: {parameters}</source>
            <translation>该样品中有 {count} 个参数您没有签字授权：{parameters}</translation>
        </message>
        <message>
            <source>Your account no longer exists</source>
            <translation>您的账户已不存在</translation>
        </message>
        <message>
            <source>not in force before {first_day}</source>
            <translation>尚未实施（{first_day} 起实施）</translation>
        </message>
        <message>
            <source>replaced</source>
            <translation>已被代替</translation>
        </message>
        <message>
            <source>replaced by {replaced_by}</source>
            <translation>已由 {replaced_by} 代替</translation>
        </message>
        <message>
            <source>withdrawn after {last_day}</source>
            <translation>已废止（{last_day} 之后）</translation>
        </message>
        <message>
            <source>withdrawn after {last_day}, replaced by {replaced_by}</source>
            <translation>已废止（{last_day} 之后），已由 {replaced_by} 代替</translation>
        </message>
        <message>
            <source>{alias} already stands for {canonical}</source>
            <translation>{alias} 已指代 {canonical}</translation>
        </message>
        <message>
            <source>{count} of {total} tests have no result yet: every test needs one before you {transition}</source>
            <translation>{total} 个检测项目中有 {count} 个尚无结果：执行 {transition} 前每项都须有结果</translation>
        </message>
        <message>
            <source>{count} tests on this sample are not verified yet</source>
            <translation>该样品还有 {count} 个检测项目未审核</translation>
        </message>
        <message>
            <source>{db} already holds a lab; the demo only fills an empty database</source>
            <translation>{db} 中已有实验室数据；演示数据只能写入空数据库</translation>
        </message>
        <message>
            <source>{db} holds no LIMS database yet: create one with lims init</source>
            <translation>{db} 中还没有 LIMS 数据库：请先用 lims init 创建</translation>
        </message>
        <message>
            <source>{db} holds no lab, and a screenshot never makes one: add --demo to open the demo lab there (lims --demo --screenshot FILE.png)</source>
            <translation>{db} 中还没有实验室数据，截图不会创建：请加上 --demo 在该处打开演示实验室（lims --demo --screenshot FILE.png）</translation>
        </message>
        <message>
            <source>{file} has more than {limit} rows: split it into smaller workbooks</source>
            <translation>{file} 超过 {limit} 行：请拆分为几个较小的工作簿</translation>
        </message>
        <message>
            <source>{file} holds no ability-table rows under its header</source>
            <translation>{file} 表头下没有能力附表行</translation>
        </message>
        <message>
            <source>{file} holds no limit rows under its header</source>
            <translation>{file} 的表头下没有限量数据行</translation>
        </message>
        <message>
            <source>{file} holds no samples under its header</source>
            <translation>{file} 的表头下没有样品数据行</translation>
        </message>
        <message>
            <source>{file} holds none of the sheets {sheets}</source>
            <translation>{file} 中没有以下任何工作表：{sheets}</translation>
        </message>
        <message>
            <source>{file} holds {parts} parts; a workbook to import may hold at most {limit}</source>
            <translation>{file} 含有 {parts} 个内部部件；可导入的工作簿最多含 {limit} 个</translation>
        </message>
        <message>
            <source>{file} is already attached to this application (as {same})</source>
            <translation>{file} 已附加到该申请（文件名 {same}）</translation>
        </message>
        <message>
            <source>{file} is empty: nothing was attached</source>
            <translation>{file} 是空文件，未附加</translation>
        </message>
        <message>
            <source>{file} is larger than {limit} MiB: attach a smaller file (a PDF of the report, not the raw data)</source>
            <translation>{file} 超过 {limit} MiB：请附加较小的文件（报告的 PDF，而非原始数据）</translation>
        </message>
        <message>
            <source>{file} is the ability table of certificate {printed}, not of {target}: nothing was imported</source>
            <translation>{file} 是证书 {printed} 的能力附表，不是证书 {target} 的：未导入任何内容</translation>
        </message>
        <message>
            <source>{file} is {size} MB; a workbook to import may be at most {limit} MB</source>
            <translation>{file} 大小为 {size} MB；可导入的工作簿最大 {limit} MB</translation>
        </message>
        <message>
            <source>{file} states no approval date: give the date the table was approved</source>
            <translation>{file} 未注明批准日期：请填写附表的批准日期</translation>
        </message>
        <message>
            <source>{file} would unpack its part {part} to {size} MB, more than the {limit} MB a workbook to import may hold: it is refused unread</source>
            <translation>{file} 中的 {part} 解压后将达 {size} MB，超过可导入工作簿的上限 {limit} MB：未读取，已拒绝</translation>
        </message>
        <message>
            <source>{file} would unpack to {size} MB, more than the {limit} MB a workbook to import may hold: it is refused unread</source>
            <translation>{file} 解压后将达 {size} MB，超过可导入工作簿的上限 {limit} MB：未读取，已拒绝</translation>
        </message>
        <message>
            <source>{file}: {bad} of {rows} row(s) have problems; nothing was imported</source>
            <translation>{file}：{rows} 行中有 {bad} 行存在问题，未导入任何数据</translation>
        </message>
        <message>
            <source>{file}: {bad} problem(s) found; nothing was imported</source>
            <translation>{file}：发现 {bad} 处问题，未导入任何内容</translation>
        </message>
        <message>
            <source>{file}: {bad} row(s) were not understood; nothing was imported</source>
            <translation>{file}：{bad} 行未能识别，未导入任何内容</translation>
        </message>
        <message>
            <source>{instrument} has no calibration record: its readings of {day} are held</source>
            <translation>{instrument} 没有检定/校准记录：其 {day} 的读数已暂扣</translation>
        </message>
        <message>
            <source>{instrument} is being captured by {user} on {workstation} since {since}; stop that capture first. If it stopped without ending, its hold lapses at {until}</source>
            <translation>{instrument} 正由 {user} 在 {workstation} 上采集（自 {since} 起）；请先停止那次采集。若那次采集未正常结束，其占用将于 {until} 失效</translation>
        </message>
        <message>
            <source>{instrument} is being captured on this computer already ({holder}); stop that capture first</source>
            <translation>本机已在采集 {instrument}（{holder}）；请先停止那次采集</translation>
        </message>
        <message>
            <source>{instrument} judges by no kit lot</source>
            <translation>{instrument} 不按试剂批次判定</translation>
        </message>
        <message>
            <source>{instrument} sent the code {code}, which its code map does not name</source>
            <translation>{instrument} 发送了项目代码 {code}，其代码对照表中没有该代码</translation>
        </message>
        <message>
            <source>{instrument} was read with no kit lot chosen: its readings of {day} are held</source>
            <translation>{instrument} 读数时未选择试剂批次：其 {day} 的读数已暂扣</translation>
        </message>
        <message>
            <source>{instrument} was taken over by {user} on {workstation} while this capture was silent; the capture stops</source>
            <translation>本次采集无响应期间，{instrument} 已被 {user} 在 {workstation} 上接管；采集停止</translation>
        </message>
        <message>
            <source>{item} is not N=CODE: the channel is a number</source>
            <translation>{item} 不是“通道号=样品编号”：通道号须为数字</translation>
        </message>
        <message>
            <source>{item} is not {what}</source>
            <translation>{item} 不是 {what} 格式</translation>
        </message>
        <message>
            <source>{name} cannot stand under {parent}: the tree would loop</source>
            <translation>{name} 不能放在 {parent} 之下：层级将形成循环</translation>
        </message>
        <message>
            <source>{name} is a category: choose the product itself</source>
            <translation>{name} 是类别：请选择具体产品</translation>
        </message>
        <message>
            <source>{name} is retired from the catalogue: choose a product in use</source>
            <translation>{name} 已停用：请选择在用的产品</translation>
        </message>
        <message>
            <source>{path} cannot be read as an Excel workbook: save it as .xlsx and try again</source>
            <translation>无法将 {path} 作为 Excel 工作簿读取：请另存为 .xlsx 后重试</translation>
        </message>
        <message>
            <source>{path} cannot be read: {why}</source>
            <translation>无法读取 {path}：{why}</translation>
        </message>
        <message>
            <source>{path} cannot be written: {reason}; nothing was written</source>
            <translation>无法写入 {path}：{reason}，未写入任何内容</translation>
        </message>
        <message>
            <source>{path} cannot be written: {why}</source>
            <translation>无法写入 {path}：{why}</translation>
        </message>
        <message>
            <source>{path} exists already; nothing was issued</source>
            <translation>{path} 已存在；未签发任何报告</translation>
        </message>
        <message>
            <source>{path} holds tables of another application; it was left untouched</source>
            <translation>{path} 包含其他程序的数据表；未对其做任何改动</translation>
        </message>
        <message>
            <source>{path} is a folder, not a database file</source>
            <translation>{path} 是文件夹，不是数据库文件</translation>
        </message>
        <message>
            <source>{path} is a folder, not a file</source>
            <translation>{path} 是文件夹，不是文件</translation>
        </message>
        <message>
            <source>{path} is not a LIMS database (not an SQLite file); it was left untouched</source>
            <translation>{path} 不是本系统的数据库（不是 SQLite 文件）；未对其做任何改动</translation>
        </message>
        <message>
            <source>{path} is not a LIMS database ({why}); it was left untouched</source>
            <translation>{path} 不是本系统的数据库（{why}）；未对其做任何改动</translation>
        </message>
        <message>
            <source>{standard} cannot leave force ({end}) before it enters force ({start})</source>
            <translation>{standard} 的废止日期（{end}）不能早于实施日期（{start}）</translation>
        </message>
        <message>
            <source>{standard}-{year} is a method standard, not a limit standard</source>
            <translation>{standard}-{year} 是检测方法标准，不是限量标准</translation>
        </message>
        <message>
            <source>{step} is not a step of an expansion; the steps are {steps}</source>
            <translation>{step} 不是扩项的步骤；步骤有：{steps}</translation>
        </message>
        <message>
            <source>{text} does not fit: at most 9 digits before and 9 after the point</source>
            <translation>{text} 超出范围：整数和小数部分各最多 9 位</translation>
        </message>
        <message>
            <source>{user} holds no authorisation to test {parameter} on {day}; a lab manager grants it</source>
            <translation>{user} 在 {day} 没有检测 {parameter} 的授权；请由实验室负责人授予</translation>
        </message>
        <message>
            <source>{user} holds no role that may administer user accounts</source>
            <translation>{user} 的角色无权管理用户账户</translation>
        </message>
        <message>
            <source>{user} holds no role that may change the certificates and their scope</source>
            <translation>{user} 的角色无权修改资质证书及其能力范围</translation>
        </message>
        <message>
            <source>{user} holds no role that may change the lab's catalogue and limits</source>
            <translation>{user} 的角色无权修改实验室的基础数据和限量</translation>
        </message>
        <message>
            <source>{user} holds no role that may enter results</source>
            <translation>{user} 的角色无权录入结果</translation>
        </message>
        <message>
            <source>{user} holds no role that may issue reports</source>
            <translation>{user} 的角色无权签发报告</translation>
        </message>
        <message>
            <source>{user} holds no role that may manage instruments</source>
            <translation>{user} 的角色无权管理仪器</translation>
        </message>
        <message>
            <source>{user} holds no role that may plan a sample's tests</source>
            <translation>{user} 的角色无权安排样品的检测项目</translation>
        </message>
        <message>
            <source>{user} holds no role that may register samples</source>
            <translation>{user} 的角色无权登记样品</translation>
        </message>
        <message>
            <source>{user} is not a person logged in</source>
            <translation>{user} 不是已登录的人员</translation>
        </message>
        <message>
            <source>{where} holds tables of another application; it was left untouched</source>
            <translation>{where} 包含其他程序的数据表；未对其做任何改动</translation>
        </message>
        <message>
            <source>{where} is not a LIMS database; it was left untouched</source>
            <translation>{where} 不是本系统的数据库；未对其做任何改动</translation>
        </message>
        <message>
            <source>{year} is not a year between 1900 and 9999</source>
            <translation>{year} 不是 1900 至 9999 之间的年份</translation>
        </message>
        <message>
            <source>Something went wrong ({kind}). The details were written to the log file.</source>
            <translation>程序出错（{kind}）。详细信息已写入日志文件。</translation>
        </message>
    </context>
    <context>
        <name>launch</name>
        <message>
            <source>The database has no users yet: start without auto-login to create the first administrator</source>
            <translation>数据库尚无用户：请不使用自动登录启动程序，以创建首个系统管理员</translation>
        </message>
        <message>
            <source>Log-in as {user} failed: {reason}</source>
            <translation>以 {user} 登录失败：{reason}</translation>
        </message>
        <message>
            <source>Could not write the screenshot {path}</source>
            <translation>无法写入截图 {path}</translation>
        </message>
        <message>
            <source>The main window was not ready after {n} seconds</source>
            <translation>主窗口在 {n} 秒内未就绪</translation>
        </message>
        <message>
            <source>Cannot start</source>
            <translation>无法启动</translation>
        </message>
    </context>
    <context>
        <name>problems</name>
        <message>
            <source>row {row}, column {column} ({header}): {error}</source>
            <translation>第 {row} 行 {column} 列（{header}）：{error}</translation>
        </message>
        <message>
            <source>row {row}: {error}</source>
            <translation>第 {row} 行：{error}</translation>
        </message>
    </context>
    <context>
        <name>scope_words</name>
        <message>
            <source>Planned</source>
            <translation>已计划</translation>
        </message>
        <message>
            <source>Method verification</source>
            <translation>方法验证</translation>
        </message>
        <message>
            <source>Staff authorised</source>
            <translation>人员已授权</translation>
        </message>
        <message>
            <source>Proficiency test</source>
            <translation>能力验证</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>已提交</translation>
        </message>
        <message>
            <source>Assessed</source>
            <translation>已评审</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>未通过</translation>
        </message>
        <message>
            <source>CMA</source>
            <translation>CMA</translation>
        </message>
        <message>
            <source>CATL</source>
            <translation>CATL</translation>
        </message>
        <message>
            <source>CMA and CATL jointly</source>
            <translation>CMA 与 CATL 联合</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测参数</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Table section (category)</source>
            <translation>附表产品类别（分类）</translation>
        </message>
    </context>
    <context>
        <name>vocabulary</name>
        <message>
            <source>Negative</source>
            <translation>阴性</translation>
        </message>
        <message>
            <source>Suspect</source>
            <translation>可疑</translation>
        </message>
        <message>
            <source>Positive</source>
            <translation>阳性</translation>
        </message>
        <message>
            <source>Invalid</source>
            <translation>无效</translation>
        </message>
        <message>
            <source>Awaiting notification</source>
            <translation>待告知</translation>
        </message>
        <message>
            <source>Notified</source>
            <translation>已告知</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>Awaiting receipt</source>
            <translation>待收样</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>已收样</translation>
        </message>
        <message>
            <source>Testing</source>
            <translation>检测中</translation>
        </message>
        <message>
            <source>To be reviewed</source>
            <translation>待审核</translation>
        </message>
        <message>
            <source>Reviewed</source>
            <translation>已审核</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Rejected at receipt</source>
            <translation>已拒收</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Technician</source>
            <translation>检测员</translation>
        </message>
        <message>
            <source>Reviewer</source>
            <translation>审核员</translation>
        </message>
        <message>
            <source>Authorised signatory</source>
            <translation>授权签字人</translation>
        </message>
        <message>
            <source>Lab manager</source>
            <translation>实验室主任/技术负责人</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>系统管理员</translation>
        </message>
        <message>
            <source>Pass</source>
            <translation>合格</translation>
        </message>
        <message>
            <source>Fail</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>No limit to judge by</source>
            <translation>无判定依据</translation>
        </message>
        <message>
            <source>CMA accreditation</source>
            <translation>CMA 资质认定</translation>
        </message>
        <message>
            <source>CATL assessment</source>
            <translation>CATL 机构考核</translation>
        </message>
        <message>
            <source>Draft</source>
            <translation>草稿</translation>
        </message>
        <message>
            <source>Issued</source>
            <translation>已签发</translation>
        </message>
        <message>
            <source>Void</source>
            <translation>已作废</translation>
        </message>
        <message>
            <source>Routine monitoring</source>
            <translation>例行监测</translation>
        </message>
        <message>
            <source>Supervision sampling</source>
            <translation>监督抽查</translation>
        </message>
        <message>
            <source>Special monitoring</source>
            <translation>专项监测</translation>
        </message>
        <message>
            <source>Commissioned test</source>
            <translation>委托检验</translation>
        </message>
        <message>
            <source>Confirmation of a rapid screen</source>
            <translation>速测复检</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Status change</source>
            <translation>状态变更</translation>
        </message>
        <message>
            <source>Logged in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Failed log-in</source>
            <translation>登录失败</translation>
        </message>
        <message>
            <source>Account locked</source>
            <translation>账户锁定</translation>
        </message>
        <message>
            <source>Password changed</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Lab policy</source>
            <translation>实验室策略</translation>
        </message>
        <message>
            <source>Sample</source>
            <translation>样品</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>检测结果</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Certificate</source>
            <translation>资质证书</translation>
        </message>
        <message>
            <source>Ability table</source>
            <translation>能力附表</translation>
        </message>
        <message>
            <source>Scope row</source>
            <translation>能力附表条目</translation>
        </message>
        <message>
            <source>Scope expansion</source>
            <translation>扩项申请</translation>
        </message>
        <message>
            <source>Authorization</source>
            <translation>授权</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>仪器</translation>
        </message>
        <message>
            <source>Calibration record</source>
            <translation>检定/校准记录</translation>
        </message>
        <message>
            <source>Instrument reading</source>
            <translation>仪器读数</translation>
        </message>
        <message>
            <source>Instrument capture</source>
            <translation>仪器采集</translation>
        </message>
        <message>
            <source>Kit lot</source>
            <translation>试剂盒批次</translation>
        </message>
        <message>
            <source>Limit</source>
            <translation>限量值</translation>
        </message>
        <message>
            <source>Rapid screen</source>
            <translation>速测记录</translation>
        </message>
        <message>
            <source>Traceback</source>
            <translation>溯源核查</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Sampling task</source>
            <translation>抽样任务</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Verdict</source>
            <translation>判定</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Judgment basis</source>
            <translation>判定依据</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>来源编号</translation>
        </message>
        <message>
            <source>Sample code</source>
            <translation>样品编号</translation>
        </message>
        <message>
            <source>Confirmation test</source>
            <translation>确证检测</translation>
        </message>
        <message>
            <source>Tests added</source>
            <translation>新增检测项目</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Producers</source>
            <translation>受检单位</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>区域</translation>
        </message>
        <message>
            <source>Parameter</source>
            <translation>检测项目</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>检测方法</translation>
        </message>
        <message>
            <source>Kind of method</source>
            <translation>方法类型</translation>
        </message>
        <message>
            <source>Standard</source>
            <translation>标准</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>演示数据</translation>
        </message>
        <message>
            <source>Sampled at</source>
            <translation>抽样时间</translation>
        </message>
        <message>
            <source>Sampler 1</source>
            <translation>抽样人 1</translation>
        </message>
        <message>
            <source>Sampler 2</source>
            <translation>抽样人 2</translation>
        </message>
        <message>
            <source>Seal intact</source>
            <translation>封样完好</translation>
        </message>
        <message>
            <source>Backup sample kept</source>
            <translation>已留备份样</translation>
        </message>
        <message>
            <source>Sampled by the lab</source>
            <translation>本实验室抽样</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>样品状态</translation>
        </message>
        <message>
            <source>Kept at</source>
            <translation>存放位置</translation>
        </message>
        <message>
            <source>Reason for rejection</source>
            <translation>拒收原因</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>已锁定</translation>
        </message>
        <message>
            <source>Failed log-ins</source>
            <translation>登录失败次数</translation>
        </message>
        <message>
            <source>Must change password</source>
            <translation>须修改密码</translation>
        </message>
        <message>
            <source>May test</source>
            <translation>可检测</translation>
        </message>
        <message>
            <source>May sign</source>
            <translation>可签字</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Alias</source>
            <translation>别名</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Holder</source>
            <translation>持证机构</translation>
        </message>
        <message>
            <source>Issued on</source>
            <translation>发证日期</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>有效期至</translation>
        </message>
        <message>
            <source>Days' notice for renewal</source>
            <translation>提前换证天数</translation>
        </message>
        <message>
            <source>Certificate number</source>
            <translation>证书编号</translation>
        </message>
        <message>
            <source>Adapter</source>
            <translation>接口适配器</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <source>Line settings</source>
            <translation>串口参数</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>出厂编号</translation>
        </message>
        <message>
            <source>Code map</source>
            <translation>代码对照表</translation>
        </message>
        <message>
            <source>Calibrated on</source>
            <translation>检定/校准日期</translation>
        </message>
        <message>
            <source>Journal position</source>
            <translation>日志位置</translation>
        </message>
        <message>
            <source>Readings</source>
            <translation>读数</translation>
        </message>
        <message>
            <source>Held because</source>
            <translation>暂扣原因</translation>
        </message>
        <message>
            <source>Inhibition (%)</source>
            <translation>抑制率（%）</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>速测结论</translation>
        </message>
        <message>
            <source>Tested at</source>
            <translation>检测时间</translation>
        </message>
        <message>
            <source>Party notified</source>
            <translation>告知对象</translation>
        </message>
        <message>
            <source>Notified at</source>
            <translation>告知时间</translation>
        </message>
        <message>
            <source>Action taken</source>
            <translation>处置措施</translation>
        </message>
        <message>
            <source>Closed at</source>
            <translation>关闭时间</translation>
        </message>
        <message>
            <source>Replaces</source>
            <translation>替代报告</translation>
        </message>
        <message>
            <source>Replaced by</source>
            <translation>被替代为</translation>
        </message>
        <message>
            <source>Content hash</source>
            <translation>内容哈希</translation>
        </message>
        <message>
            <source>Audit anchor</source>
            <translation>审计锚点</translation>
        </message>
        <message>
            <source>Certificate subject</source>
            <translation>证书主体</translation>
        </message>
        <message>
            <source>For testing only</source>
            <translation>仅供测试</translation>
        </message>
        <message>
            <source>Credit code</source>
            <translation>统一社会信用代码</translation>
        </message>
        <message>
            <source>Awaiting result</source>
            <translation>待录入</translation>
        </message>
        <message>
            <source>Result entered</source>
            <translation>已录入</translation>
        </message>
        <message>
            <source>Verified</source>
            <translation>已审核</translation>
        </message>
        <message>
            <source>Dropped</source>
            <translation>已撤销</translation>
        </message>
        <message>
            <source>Maximum residue limit</source>
            <translation>最大残留限量</translation>
        </message>
        <message>
            <source>Not detectable</source>
            <translation>不得检出</translation>
        </message>
        <message>
            <source>Temporary limit</source>
            <translation>临时限量</translation>
        </message>
        <message>
            <source>Typed in</source>
            <translation>手工录入</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>From an instrument</source>
            <translation>仪器采集</translation>
        </message>
        <message>
            <source>Analyser (ASTM E1394)</source>
            <translation>分析仪（ASTM E1394）</translation>
        </message>
        <message>
            <source>Enzyme-inhibition reader</source>
            <translation>酶抑制法速测仪</translation>
        </message>
        <message>
            <source>Colloidal-gold reader</source>
            <translation>胶体金读数仪</translation>
        </message>
        <message>
            <source>Instrument printing lines of text</source>
            <translation>文本输出仪器</translation>
        </message>
        <message>
            <source>In scope</source>
            <translation>范围内</translation>
        </message>
        <message>
            <source>To confirm</source>
            <translation>待确认</translation>
        </message>
        <message>
            <source>No certificate</source>
            <translation>无证书</translation>
        </message>
        <message>
            <source>Certificate expired</source>
            <translation>证书已过期</translation>
        </message>
        <message>
            <source>Not yet valid</source>
            <translation>尚未生效</translation>
        </message>
        <message>
            <source>Product not covered</source>
            <translation>产品类别不在范围</translation>
        </message>
        <message>
            <source>Not in the table</source>
            <translation>附表无此项</translation>
        </message>
        <message>
            <source>Other method edition</source>
            <translation>方法版本不符</translation>
        </message>
        <message>
            <source>Outside limits of use</source>
            <translation>超出限制范围</translation>
        </message>
        <message>
            <source>receive</source>
            <translation>收样</translation>
        </message>
        <message>
            <source>reject</source>
            <translation>拒收</translation>
        </message>
        <message>
            <source>start testing</source>
            <translation>开始检测</translation>
        </message>
        <message>
            <source>submit for review</source>
            <translation>提交审核</translation>
        </message>
        <message>
            <source>verify</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>retract</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>retest</source>
            <translation>重新检测</translation>
        </message>
        <message>
            <source>approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>invalidate</source>
            <translation>作废</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
    </context>
</TS>
